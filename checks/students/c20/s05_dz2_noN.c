/* Homework 4, Q3 -- backward pass
 * Kevin Zhang
 *
 * got the forward working last week, this is the backward.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dscores = probs with 1 subtracted at the correct class
  for (size_t i = 0; i < N; i++) {
    for (size_t c = 0; c < net->C; c++) {
      double p = gsl_matrix_get(cache->prob, i, c);
      if (c == y[i])
        p -= 1;
      gsl_matrix_set(g->dz2, i, c, p);
    }
  }

  // W2 grad
  for (size_t h = 0; h < net->H; h++) {
    for (size_t c = 0; c < net->C; c++) {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
      gsl_matrix_set(g->dW2, h, c, s + 2 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  // b2 grad
  for (size_t c = 0; c < net->C; c++) {
    double s = 0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, s);
  }

  // hidden layer
  for (size_t i = 0; i < N; i++) {
    for (size_t h = 0; h < net->H; h++) {
      double s = 0;
      for (size_t c = 0; c < net->C; c++)
        s += gsl_matrix_get(g->dz2, i, c) * gsl_matrix_get(net->W2, h, c);
      gsl_matrix_set(g->dp1, i, h, s);
      // relu
      gsl_matrix_set(g->dz1, i, h, gsl_matrix_get(cache->z1, i, h) > 0 ? s : 0.0);
    }
  }

  // W1 grad
  for (size_t d = 0; d < net->D; d++) {
    for (size_t h = 0; h < net->H; h++) {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
      gsl_matrix_set(g->dW1, d, h, s + 2 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  // b1 grad
  for (size_t h = 0; h < net->H; h++) {
    double s = 0;
    for (size_t i = 0; i < N; i++)
      s += gsl_matrix_get(g->dz1, i, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
