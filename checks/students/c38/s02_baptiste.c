// Assignment 3 - backward pass
// Camille Baptiste
// Everything with get/set loops, I did not want to fight with BLAS.

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t n, i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // 1. dz2
  for (n = 0; n < N; n++) {
    for (k = 0; k < C; k++) {
      double target = (k == y[n]) ? 1.0 : 0.0;
      double p = gsl_matrix_get(cache->prob, n, k);
      gsl_matrix_set(g->dz2, n, k, (p - target) / (double)N);
    }
  }

  // 2. dW2. start from the regulariser, then add p1^T dz2 sample by sample
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set(g->dW2, j, k, reg * 2.0 * gsl_matrix_get(net->W2, j, k));
  for (n = 0; n < N; n++) {
    for (j = 0; j < H; j++) {
      double a = gsl_matrix_get(cache->p1, n, j);
      if (a == 0.0) continue;   // dead unit contributes nothing
      for (k = 0; k < C; k++) {
        double old = gsl_matrix_get(g->dW2, j, k);
        gsl_matrix_set(g->dW2, j, k, old + a * gsl_matrix_get(g->dz2, n, k));
      }
    }
  }

  // 3. db2
  for (k = 0; k < C; k++) {
    double s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz2, n, k);
    gsl_vector_set(g->db2, k, s);
  }

  // 4. dp1 = dz2 * W2^T
  for (n = 0; n < N; n++) {
    for (j = 0; j < H; j++) {
      double s = 0;
      for (k = 0; k < C; k++)
        s += gsl_matrix_get(g->dz2, n, k) * gsl_matrix_get(net->W2, j, k);
      gsl_matrix_set(g->dp1, n, j, s);
    }
  }

  // 5. dz1. p1 > 0 exactly when z1 > 0 so I just use p1
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->p1, n, j) > 0.0)
        gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(g->dp1, n, j));
      else
        gsl_matrix_set(g->dz1, n, j, 0.0);
    }

  // 6. dW1 = X^T dz1 + 2 reg W1
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
      gsl_matrix_set(g->dW1, i, j, s + reg * 2.0 * gsl_matrix_get(net->W1, i, j));
    }
  }

  // 7. db1
  for (j = 0; j < H; j++) {
    double s = 0;
    for (n = 0; n < N; n++)
      s += gsl_matrix_get(g->dz1, n, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
