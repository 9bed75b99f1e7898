/*
 * backward.c -- backprop for the two-layer net, homework 3.
 *
 * Memory plan (one alloc each, reused, freed at "cleanup"):
 *   buf_hidden  N x H   relu mask, and the N x H products
 *   buf_ones    N       for the column sums
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, H = net->H;
  gsl_matrix *buf_hidden = NULL;
  gsl_vector *buf_ones = NULL;
  int rc = 1;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  buf_hidden = gsl_matrix_alloc(N, H);
  if (!buf_hidden) goto cleanup;
  buf_ones = gsl_vector_alloc(N);
  if (!buf_ones) goto cleanup;
  gsl_vector_set_all(buf_ones, 1.0);

  /* step 0: relu mask, 1 where the unit was active */
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < H; j++) {
      gsl_matrix_set(buf_hidden, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0);
    }
  }

  /* step 1: dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++) {
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double)N);

  /* step 2: dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* step 3: db2 */
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, buf_ones, 0.0, g->db2);

  /* step 4: dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, buf_hidden);
  gsl_matrix_memcpy(g->dp1, buf_hidden);

  /* step 5: dz1 = dp1 .* mask */
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, buf_hidden);

  /* step 6: dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* step 7: db1 */
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, buf_ones, 0.0, g->db1);

  g->present = BP_GRADS_ALL;
  rc = 0;

cleanup:
  gsl_vector_free(buf_ones);
  gsl_matrix_free(buf_hidden);
  return rc;
}
