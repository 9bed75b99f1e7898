// backward pass -- 2 layer NN
// transposes are made right before they are needed

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_vector *ones = gsl_vector_alloc(N);
  gsl_vector_set_all(ones, 1.0);

  // ---- dz2 ----
  gsl_matrix *Yhot = gsl_matrix_calloc(N, C);
  for (size_t n = 0; n < N; n++) gsl_matrix_set(Yhot, n, y[n], 1.0);
  gsl_matrix_memcpy(g->dz2, cache->prob);
  gsl_matrix_sub(g->dz2, Yhot);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // ---- dW2, db2 ----
  gsl_matrix *p1T = gsl_matrix_alloc(H, N);
  gsl_matrix_transpose_memcpy(p1T, cache->p1);
  gsl_matrix *r2 = gsl_matrix_alloc(H, C);
  gsl_matrix_memcpy(r2, net->W2);
  gsl_matrix_scale(r2, 2.0 * reg);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
  gsl_matrix_add(g->dW2, r2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // ---- dp1 = dz2 W2^T ----
  gsl_matrix *W2T = gsl_matrix_alloc(C, H);
  gsl_matrix_transpose_memcpy(W2T, g->dW2);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  // ---- dz1 = dp1 .* [z1 > 0] ----
  gsl_matrix *M = gsl_matrix_calloc(N, H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      if (gsl_matrix_get(cache->z1, n, h) > 0) gsl_matrix_set(M, n, h, 1.0);
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, M);

  // ---- dW1, db1 ----
  gsl_matrix *XT = gsl_matrix_alloc(D, N);
  gsl_matrix_transpose_memcpy(XT, X);
  gsl_matrix *r1 = gsl_matrix_alloc(D, H);
  gsl_matrix_memcpy(r1, net->W1);
  gsl_matrix_scale(r1, 2.0 * reg);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
  gsl_matrix_add(g->dW1, r1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free(Yhot);
  gsl_matrix_free(p1T);
  gsl_matrix_free(r2);
  gsl_matrix_free(W2T);
  gsl_matrix_free(M);
  gsl_matrix_free(XT);
  gsl_matrix_free(r1);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
