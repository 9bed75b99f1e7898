/* backward.c -- CS231n-style two layer net, backward by hand in C.
   Matrices walked with raw pointers, rows are tda apart. */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;
  const double *xp, *zp, *w;
  double *out;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* scores gradient */
  for (i = 0; i < N; i++)
    {
      xp = &AT (cache->prob, i, 0);
      out = &AT (g->dz2, i, 0);
      for (k = 0; k < C; k++)
        *out++ = *xp++ / (double) N;
      AT (g->dz2, i, y[i]) -= 1.0 / (double) N;
    }

  /* W2 gradient */
  out = g->dW2->data;
  w = net->W2->data;
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          s = 0.0;
          xp = &AT (cache->p1, 0, j);
          zp = &AT (g->dz2, 0, k);
          for (i = 0; i < N; i++, xp += cache->p1->tda, zp += g->dz2->tda)
            s += *xp * *zp;
          *out++ = s + 2.0 * reg * *w++;
        }
    }

  /* b2 gradient */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz2, i, k);
      g->db2->data[k] = s;
    }

  /* hidden layer gradient */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        zp = &AT (g->dz2, i, 0);
        w = &AT (net->W2, j, 0);
        for (k = 0; k < C; k++)
          s += *zp++ * *w++;
        AT (g->dp1, i, j) = s;
      }

  /* through the relu */
  for (i = 0; i < N; i++)
    {
      zp = &AT (cache->z1, i, 0);
      xp = &AT (g->dp1, i, 0);
      out = &AT (g->dz1, i, 0);
      for (j = 0; j < H; j++)
        out[j] = zp[j] > 0.0 ? xp[j] : 0.0;
    }

  /* W1 gradient */
  out = g->dW1->data;
  w = net->W1->data;
  for (k = 0; k < D; k++)
    {
      s = 0.0;
      for (j = 0; j < H; j++)
        {
          xp = &AT (X, 0, k);
          zp = &AT (g->dz1, 0, j);
          for (i = 0; i < N; i++, xp += X->tda, zp += g->dz1->tda)
            s += *xp * *zp;
          *out++ = s + 2.0 * reg * *w++;
        }
    }

  /* b1 gradient */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz1, i, j);
      g->db1->data[j] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
