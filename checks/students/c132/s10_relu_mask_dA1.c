/* backward.c -- HW4
 * Dave R.
 * ReLU backward: the gradient only flows through where it is positive
 * (relu kills the negative part).
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dZ2 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < net->C; j++) {
      double p = gsl_matrix_get(cache->prob, i, j);
      gsl_matrix_set(g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / (double) N);
    }
  }

  /* dW2 = A1^T dZ2 + 2 reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  gsl_vector_set_zero(g->db2);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
    gsl_vector_add(g->db2, &row.vector);
  }

  /* dA1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 = relu backward */
  for (i = 0; i < N; i++) {
    for (j = 0; j < net->H; j++) {
      double da = gsl_matrix_get(g->dp1, i, j);
      gsl_matrix_set(g->dz1, i, j, da > 0 ? da : 0.0);
    }
  }

  /* dW1 = X^T dZ1 + 2 reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero(g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
    gsl_vector_add(g->db1, &row.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
