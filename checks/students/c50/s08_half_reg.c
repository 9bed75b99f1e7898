/* assignment 4 -- backward()
 * numpy version:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = h.T @ dscores + reg*W2      (the 0.5 cancels the 2)
 *   ...
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, n;
  double acc;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dscores
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++) {
      double p = gsl_matrix_get(cache->prob, n, j);
      if (j == y[n]) p -= 1.0;
      gsl_matrix_set(g->dz2, n, j, p / N);
    }

  // dW2 = h.T @ dscores + reg*W2
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get(cache->p1, n, i) * gsl_matrix_get(g->dz2, n, j);
      gsl_matrix_set(g->dW2, i, j, acc + reg * gsl_matrix_get(net->W2, i, j));
    }

  // db2
  for (j = 0; j < C; j++) {
    acc = 0.0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get(g->dz2, n, j);
    gsl_vector_set(g->db2, j, acc);
  }

  // dh = dscores @ W2.T
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++) {
      acc = 0.0;
      for (j = 0; j < C; j++)
        acc += gsl_matrix_get(g->dz2, n, j) * gsl_matrix_get(net->W2, i, j);
      gsl_matrix_set(g->dp1, n, i, acc);
    }

  // relu
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++) {
      double d = gsl_matrix_get(g->dp1, n, i);
      if (gsl_matrix_get(cache->z1, n, i) <= 0) d = 0.0;
      gsl_matrix_set(g->dz1, n, i, d);
    }

  // dW1 = X.T @ dh + reg*W1
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get(X, n, i) * gsl_matrix_get(g->dz1, n, j);
      gsl_matrix_set(g->dW1, i, j, acc + reg * gsl_matrix_get(net->W1, i, j));
    }

  // db1
  for (j = 0; j < H; j++) {
    acc = 0.0;
    for (n = 0; n < N; n++)
      acc += gsl_matrix_get(g->dz1, n, j);
    gsl_vector_set(g->db1, j, acc);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
