/* Backward pass of the two-layer network.
   Plain loops.  Checked dW2 against my python version, same numbers. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dscores: p - 1 at the true class */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double p = gsl_matrix_get (cache->prob, n, c);
        gsl_matrix_set (g->dz2, n, c, c == y[n] ? p - 1.0 : p);
      }

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, acc + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }

  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
      }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, n, h, mask * gsl_matrix_get (g->dp1, n, h));
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
