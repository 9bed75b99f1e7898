/*
 * backward.c
 * Weight gradients as a sum of outer products, one per sample
 * (dW = sum_i a_i dz_i'), with gsl_blas_dger.  Elementwise parts on
 * the raw arrays (row stride is tda, not size2!).
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  const double inv_n = 1.0 / (double) N;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++)
      EL (g->dz2, i, j) = EL (cache->prob, i, j) * inv_n;
    EL (g->dz2, i, y[i]) -= inv_n;
  }

  /* dW2 : start from the reg part, then add p1_i dz2_i' for each i */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, i);
    gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
    gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW2);
  }

  /* db2 : sum of the rows */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
    gsl_vector_add (g->db2, &d.vector);
  }

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = relu'(z1) * dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      EL (g->dz1, i, j) = EL (cache->z1, i, j) > 0.0 ? EL (g->dp1, i, j) : 0.0;

  /* dW1, same as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view a = gsl_matrix_const_row (X, i);
    gsl_vector_const_view d = gsl_matrix_const_row (g->dz1, i);
    gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW1);
  }

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view d = gsl_matrix_const_row (g->dz1, i);
    gsl_blas_daxpy (1.0, &d.vector, g->db1);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
