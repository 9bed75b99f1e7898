/* HW3 Q2 - backward()
 * matrix products with gsl_blas_dgemm, everything else with loops.
 * dgemm(TransA, TransB, alpha, A, B, beta, C) does C = alpha*op(A)*op(B) + beta*C
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2 = p1^T * dz2, then the regularization */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j)
                     + 2.0 * reg * gsl_matrix_get(net->W2, i, j));

  /* db2 = average of dz2 over the batch */
  for (j = 0; j < C; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, s / N);
  }

  /* dp1 = dz2 * W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double v = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0;
      gsl_matrix_set(g->dz1, i, j, v);
    }

  /* dW1 = X^T * dz1 + 2*reg*W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
