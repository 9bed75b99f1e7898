/* backward.c -- HW2
 * dtheta has the same layout as theta (W1 b1 W2 b2), so the L2 gradient
 * of the whole net is ONE daxpy at the end. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void relu_backward(const gsl_matrix *dp, const gsl_matrix *z,
                          gsl_matrix *dz)
{
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      gsl_matrix_set(dz, i, j,
                     gsl_matrix_get(z, i, j) > 0 ? gsl_matrix_get(dp, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  if ((ones = gsl_vector_alloc(N)) == NULL) return 1;
  gsl_vector_set_all(ones, 1.0);

  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  relu_backward(g->dp1, cache->z1, g->dz1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  /* + d/dtheta reg*|theta|^2 */
  gsl_blas_daxpy(2.0 * reg, net->theta, g->dtheta);

  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
