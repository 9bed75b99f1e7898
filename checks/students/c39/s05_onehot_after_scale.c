// backward.c - my two layer net backprop
// (C track, assignment 5)
//
// Followed the numpy version from the video:
//   dscores = probs
//   dscores /= N
//   dscores[range(N), y] -= 1
// and translated it line by line.

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dscores = probs / N
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) / N);
  // dscores[range(N), y] -= 1
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);

  // dW2 = h1.T dot dscores + 2 reg W2
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++) {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      gsl_matrix_set(g->dW2, h, c, s + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    }

  // db2 = sum(dscores, axis=0)
  for (size_t c = 0; c < C; c++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, s);
  }

  // dh1 = dscores dot W2.T
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double s = 0.0;
      for (size_t c = 0; c < C; c++)
        s += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, i, h, s);
    }

  // dh1[h1 <= 0] = 0  (use z1, the input of the relu)
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double d = gsl_matrix_get(g->dp1, i, h);
      if (gsl_matrix_get(cache->z1, i, h) <= 0.0)
        d = 0.0;
      gsl_matrix_set(g->dz1, i, h, d);
    }

  // dW1 = X.T dot dz1 + 2 reg W1
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++) {
      double s = 0.0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      gsl_matrix_set(g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
    }

  // db1 = sum(dz1, axis=0)
  for (size_t h = 0; h < H; h++) {
    double s = 0.0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
