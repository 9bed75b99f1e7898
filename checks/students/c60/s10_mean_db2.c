// backward.c -- two-layer net, backward
// dgemm with the transpose flags, dgemv with a ones vector for the biases.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_vector *ones;
  gsl_matrix *Z1mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc(N);
  gsl_vector_set_all(ones, 1.0);

  // dZ2 = (P - Y)/N
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // dW2 = A1' dZ2 + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                 2.0 * reg, g->dW2);

  // db2 = mean(dZ2, 1)
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_vector_scale(g->db2, 1.0 / N);

  // dA1 = dZ2 W2'
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dZ1 = dA1 .* (Z1 > 0)
  Z1mask = gsl_matrix_calloc(N, H);
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      if (gsl_matrix_get(cache->z1, i, j) > 0.0)
        gsl_matrix_set(Z1mask, i, j, 1.0);
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, Z1mask);

  // dW1 = X' dZ1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1 = sum(dZ1, 1)
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free(Z1mask);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
