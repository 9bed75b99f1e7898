/* hw3 backward -- loops version */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  // scores gradient
  for (size_t i = 0; i < N; i++) {
    for (size_t c = 0; c < C; c++) {
      double v = gsl_matrix_get(cache->prob, i, c);
      if (c == y[i]) v = v - 1;
      gsl_matrix_set(g->dz2, i, c, v);
    }
  }

  // W2
  for (size_t h = 0; h < H; h++) {
    for (size_t c = 0; c < C; c++) {
      double acc = 0;
      for (size_t i = 0; i < N; i++) {
        acc += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      }
      gsl_matrix_set(g->dW2, h, c, acc + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  // b2
  for (size_t c = 0; c < C; c++) {
    double acc = 0;
    for (size_t i = 0; i < N; i++) acc += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, acc);
  }

  // hidden layer
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < H; h++) {
      double acc = 0;
      for (size_t c = 0; c < C; c++) {
        acc += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      }
      gsl_matrix_set(g->dp1, i, h, acc);
    }
  }

  // relu
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < H; h++) {
      double z = gsl_matrix_get(cache->z1, i, h);
      gsl_matrix_set(g->dz1, i, h, z > 0 ? gsl_matrix_get(g->dp1, i, h) : 0);
    }
  }

  // W1
  for (size_t d = 0; d < D; d++) {
    for (size_t h = 0; h < H; h++) {
      double acc = 0;
      for (size_t i = 0; i < N; i++) {
        acc += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      }
      gsl_matrix_set(g->dW1, d, h, acc);
    }
  }

  // b1
  for (size_t h = 0; h < H; h++) {
    double acc = 0;
    for (size_t i = 0; i < N; i++) acc += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, acc);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
