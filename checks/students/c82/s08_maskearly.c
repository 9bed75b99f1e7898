// backward pass for the 2-layer net (Marco B.)
// dp1 is the upstream grad of the relu, zeroed where the unit was off.

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // softmax grad
  for (size_t i = 0; i < N; i++) {
    for (size_t k = 0; k < C; k++) {
      double v = gsl_matrix_get(cache->prob, i, k) - (k == y[i]);
      gsl_matrix_set(g->dz2, i, k, v / N);
    }
  }

  // layer 2 params
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_vector_set_zero(g->db2);
  for (size_t i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
    gsl_vector_add(g->db2, &row.vector);
  }

  // dp1 = dz2 * W2^T, only where the relu was active
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (gsl_matrix_get(cache->p1, i, j) == 0.0) gsl_matrix_set(g->dp1, i, j, 0.0);

  // relu backward: already masked above so just copy
  gsl_matrix_memcpy(g->dz1, g->dp1);

  // layer 1 params
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_vector_set_zero(g->db1);
  for (size_t i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
    gsl_vector_add(g->db1, &row.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
