/* backward.c  (pointer version)
 * row r, column c of a gsl_matrix M is M->data[r * M->tda + c] */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define AT(M, r, c) ((M)->data[(r) * (M)->tda + (c)])

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        AT (g->dz2, n, c) = AT (cache->prob, n, c) / N;
      AT (g->dz2, n, y[n]) -= 1.0 / N;
    }

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (n = 0; n < N; n++)
          s += AT (cache->p1, n, h) * AT (g->dz2, n, c);
        AT (g->dW2, h, c) = s;
      }

  for (c = 0; c < C; c++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += AT (g->dz2, n, c);
      g->db2->data[c * g->db2->stride] = s;
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = s;
      }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? AT (g->dp1, n, h) : 0.0;

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 2.0 * reg * AT (net->W1, d, h);
        for (n = 0; n < N; n++)
          s += AT (X, n, d) * AT (g->dz1, n, h);
        AT (g->dW1, d, h) = s;
      }

  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += AT (g->dz1, n, h);
      g->db1->data[h * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
