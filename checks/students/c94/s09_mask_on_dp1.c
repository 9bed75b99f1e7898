// backward.c - 2 layer NN backprop (vectorised)
// relu backward: negative values of the upstream gradient set to 0,
// everything else passes through.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, H = net->H;

  if (N != cache->N || X->size2 != net->D || g->N != N) {
    return 1;
  }

  gsl_vector *ones = gsl_vector_alloc(N);
  gsl_matrix *keep = gsl_matrix_alloc(N, H);
  gsl_vector_set_all(ones, 1.0);

  // scores gradient
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++) {
    double v = gsl_matrix_get(g->dz2, i, y[i]);
    gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double)N);

  // W2, b2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // hidden
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < H; j++) {
      gsl_matrix_set(keep, i, j, gsl_matrix_get(g->dp1, i, j) < 0.0 ? 0.0 : 1.0);
    }
  }
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, keep);

  // W1, b1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free(keep);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
