/* Assignment 4 - backward pass (C version)
 * Ryan Chen
 * TODO: clean up before submitting */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  int N = X->size1, H = net->H, C = net->C;
  int i, j, k;
  double sum;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N) return 1;

  // dz2
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // dW2 and db2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  for (k = 0; k < C; k++) {
    sum = 0;
    for (i = 0; i < N; i++) sum += gsl_matrix_get(g->dz2, i, k);
    gsl_vector_set(g->db2, k, sum);
  }

  // dp1 = dz2 * W2^T
  for (i = 0; i < N; i++) {
    sum = 0;
    for (j = 0; j < H; j++) {
      for (k = 0; k < C; k++) {
        sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
      }
      gsl_matrix_set(g->dp1, i, j, sum);
    }
  }

  // dz1 (relu)
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0) {
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      } else {
        gsl_matrix_set(g->dz1, i, j, 0);
      }
    }
  }

  // dW1 and db1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (j = 0; j < H; j++) {
    sum = 0;
    for (i = 0; i < N; i++) sum += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
