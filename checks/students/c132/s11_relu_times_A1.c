/*
 * HW4 backward pass.   (Sandra M.)
 *
 * chain rule, one layer at a time, going backwards:
 *   dZ2 -> dW2, db2 -> dA1 -> dZ1 -> dW1, db1
 */

#include "backprop/net.h"
#include "backprop/grads.h"

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dZ2 = (A2 - Y) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      SET (g->dz2, n, c, (GET (cache->prob, n, c) - (c == y[n])) / N);

  /* dW2 and db2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double acc = 2 * reg * GET (net->W2, h, c);
        for (n = 0; n < N; n++)
          acc += GET (cache->p1, n, h) * GET (g->dz2, n, c);
        SET (g->dW2, h, c, acc);
      }
  for (c = 0; c < C; c++)
    {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += GET (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* dA1 = dZ2 W2^T */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0;
        for (c = 0; c < C; c++)
          acc += GET (g->dz2, n, c) * GET (net->W2, h, c);
        SET (g->dp1, n, h, acc);
      }

  /* dZ1 = dA1 * g'(Z1)   where g = relu, so g'(Z1) = A1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      SET (g->dz1, n, h, GET (g->dp1, n, h) * GET (cache->p1, n, h));

  /* dW1 and db1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 2 * reg * GET (net->W1, d, h);
        for (n = 0; n < N; n++)
          acc += GET (X, n, d) * GET (g->dz1, n, h);
        SET (g->dW1, d, h, acc);
      }
  for (h = 0; h < H; h++)
    {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += GET (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
