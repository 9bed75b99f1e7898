#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass, 2-layer fc net
 * shapes: dz2 NxC, dW2 HxC, db2 C, dp1 NxH, dz1 NxH, dW1 DxH, db1 H */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *dW1 = g->dW1, *dW2 = g->dW2;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  const gsl_matrix *z1 = cache->z1, *p1 = cache->p1;
  size_t N = X->size1, i, j;
  gsl_vector *e;
  gsl_matrix *relu_mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  e = gsl_vector_alloc(N);
  relu_mask = gsl_matrix_alloc(N, net->H);
  gsl_vector_set_all(e, 1.0);

  gsl_matrix_memcpy(dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr(dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(dz2, 1.0 / (double)N);

  gsl_matrix_memcpy(dW2, W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, dz2, e, 0.0, g->db2);

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, dW2, 0.0, dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set(relu_mask, i, j, gsl_matrix_get(z1, i, j) > 0.0);
  gsl_matrix_memcpy(dz1, dp1);
  gsl_matrix_mul_elements(dz1, relu_mask);

  gsl_matrix_memcpy(dW1, W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, dz1, e, 0.0, g->db1);

  gsl_matrix_free(relu_mask);
  gsl_vector_free(e);
  g->present = BP_GRADS_ALL;
  return 0;
}
