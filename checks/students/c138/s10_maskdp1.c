/* COMP3720 assignment 2 -- backprop
 * name: J. Nguyen
 *
 * GET/SET macros because gsl_matrix_get is too long to type.
 */

#include "backprop.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* output layer: dz2 = (softmax - y)/N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      SET(g->dz2, i, k, (GET(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

  /* dW2 and db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double s = 2 * reg * GET(net->W2, j, k);
      for (i = 0; i < N; i++)
        s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
      SET(g->dW2, j, k, s);
    }
  for (k = 0; k < C; k++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += GET(g->dz2, i, k);
    gsl_vector_set(g->db2, k, s);
  }

  /* gradient into the hidden layer, dz2 * W2^T
   * (units that were switched off get nothing) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double s = 0;
      if (GET(cache->z1, i, j) > 0)
        for (k = 0; k < C; k++)
          s += GET(g->dz2, i, k) * GET(net->W2, j, k);
      SET(g->dp1, i, j, s);
    }

  /* relu backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0);

  /* dW1 and db1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double s = 2 * reg * GET(net->W1, k, j);
      for (i = 0; i < N; i++)
        s += GET(X, i, k) * GET(g->dz1, i, j);
      SET(g->dW1, k, j, s);
    }
  for (j = 0; j < H; j++) {
    double s = 0;
    for (i = 0; i < N; i++)
      s += GET(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
