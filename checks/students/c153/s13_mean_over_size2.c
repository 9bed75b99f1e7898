// two-layer net backward (assignment 2, C track)
// mostly loops, blas for dp1 because it was in the example

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N) {
    return 1;
  }

  // Compute the gradient of the loss w.r.t. the scores
  // dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= num_examples
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++) {
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  }
  double num_examples = (double) X->size2;   // X is N x D
  gsl_matrix_scale(g->dz2, 1.0 / num_examples);

  // dW2 = hidden.T @ dscores + 2 reg W2
  for (size_t h = 0; h < net->H; h++) {
    for (size_t c = 0; c < net->C; c++) {
      double total = 2 * reg * gsl_matrix_get(net->W2, h, c);
      for (size_t i = 0; i < N; i++) {
        total += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      }
      gsl_matrix_set(g->dW2, h, c, total);
    }
  }

  // db2 = dscores.sum(axis=0)
  for (size_t c = 0; c < net->C; c++) {
    double total = 0;
    for (size_t i = 0; i < N; i++) {
      total += gsl_matrix_get(g->dz2, i, c);
    }
    gsl_vector_set(g->db2, c, total);
  }

  // dp1 = dscores @ W2.T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu backward
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < net->H; h++) {
      double val = 0;
      if (gsl_matrix_get(cache->z1, i, h) > 0) {
        val = gsl_matrix_get(g->dp1, i, h);
      }
      gsl_matrix_set(g->dz1, i, h, val);
    }
  }

  // dW1 = X.T @ dz1 + 2 reg W1
  for (size_t d = 0; d < net->D; d++) {
    for (size_t h = 0; h < net->H; h++) {
      double total = 2 * reg * gsl_matrix_get(net->W1, d, h);
      for (size_t i = 0; i < N; i++) {
        total += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      }
      gsl_matrix_set(g->dW1, d, h, total);
    }
  }

  // db1 = dz1.sum(axis=0)
  for (size_t h = 0; h < net->H; h++) {
    double total = 0;
    for (size_t i = 0; i < N; i++) {
      total += gsl_matrix_get(g->dz1, i, h);
    }
    gsl_vector_set(g->db1, h, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
