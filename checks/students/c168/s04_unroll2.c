/* Backprop for the 2-layer net.
 * Sums over the batch are unrolled by two (two accumulators, like the
 * polyphase trick), with the odd sample done after the loop. */

#include "backprop.h"

#define AT(m, r, c)  ((m)->data[(r) * (m)->tda + (c)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double acc0, acc1;

  /* output error */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      AT (g->dz2, n, c) = (AT (cache->prob, n, c) - (c == y[n])) / (double) N;

  /* output weights + bias */
  for (c = 0; c < C; c++)
    {
      for (h = 0; h < H; h++)
        {
          acc0 = acc1 = 0.0;
          for (n = 0; n + 1 < N; n += 2)
            {
              acc0 += AT (cache->p1, n, h) * AT (g->dz2, n, c);
              acc1 += AT (cache->p1, n + 1, h) * AT (g->dz2, n + 1, c);
            }
          if (n < N)            /* odd N: last sample */
            acc0 += AT (cache->p1, n, h) * AT (g->dz2, n, c);
          AT (g->dW2, h, c) = acc0 + acc1 + 2.0 * reg * AT (net->W2, h, c);
        }
      acc0 = acc1 = 0.0;
      for (n = 0; n + 1 < N; n += 2)
        {
          acc0 += AT (g->dz2, n, c);
          acc1 += AT (g->dz2, n + 1, c);
        }
      if (n < N)
        acc0 += AT (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc0 + acc1);
    }

  /* hidden error, delta through the relu */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        acc0 = 0.0;
        for (c = 0; c < C; c++)
          acc0 += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = acc0;
        AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0 ? acc0 : 0.0;
      }

  /* input weights */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        acc0 = acc1 = 0.0;
        for (n = 0; n + 1 < N; n += 2)
          {
            acc0 += AT (X, n, d) * AT (g->dz1, n, h);
            acc1 += AT (X, n + 1, d) * AT (g->dz1, n + 1, h);
          }
        if (n < N)
          acc0 += AT (X, n, d) * AT (g->dz1, n, h);
        AT (g->dW1, d, h) = acc0 + acc1 + 2.0 * reg * AT (net->W1, d, h);
      }

  for (h = 0; h < H; h++)
    {
      acc0 = acc1 = 0.0;
      for (n = 0; n + 1 < N; n += 2)
        {
          acc0 += AT (g->dz1, n, h);
          acc1 += AT (g->dz1, n + 1, h);
        }
      if (n < N)
        acc0 += AT (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc0 + acc1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
