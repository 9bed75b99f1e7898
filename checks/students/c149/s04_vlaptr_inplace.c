/* backward.c  --  hw3, two layer net backprop
 * heap VLAs: double (*a)[M] = malloc(...) gives a[i][j] with one free().
 * dp1 is turned into dz1 in place, so g->dp1 is written before the mask.
 * reg term is added when copying out. */

#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define NEW(a, r, c) double (*a)[c] = calloc ((r), sizeof *a)
#define GET_ALL(a, m) \
  for (size_t r_ = 0; r_ < (m)->size1; r_++) \
    for (size_t c_ = 0; c_ < (m)->size2; c_++) \
      a[r_][c_] = gsl_matrix_get ((m), r_, c_)

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

  NEW (x, N, D);   GET_ALL (x, X);
  NEW (w1, D, H);  GET_ALL (w1, net->W1);
  NEW (w2, H, C);  GET_ALL (w2, net->W2);
  NEW (z1, N, H);  GET_ALL (z1, cache->z1);
  NEW (p1, N, H);  GET_ALL (p1, cache->p1);
  NEW (dz, N, C);  GET_ALL (dz, cache->prob);
  NEW (dh, N, H);
  NEW (gw1, D, H);
  NEW (gw2, H, C);
  double *gb1 = calloc (H, sizeof *gb1), *gb2 = calloc (C, sizeof *gb2);

  /* scores: dz = (prob - 1{c == y}) / N ; db2 summed on the way */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        if (c == y[n])
          dz[n][c] -= 1;
        dz[n][c] /= N;
        gb2[c] += dz[n][c];
      }

  /* one sample at a time: gw2 += outer(p1[n], dz[n]), dh[n] = w2 dz[n] */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      for (c = 0; c < C; c++)
        {
          gw2[h][c] += p1[n][h] * dz[n][c];
          dh[n][h] += w2[h][c] * dz[n][c];
        }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        gsl_matrix_set (g->dp1, n, h, dh[n][h]);   /* before the relu */
        if (z1[n][h] <= 0)
          dh[n][h] = 0;
        gb1[h] += dh[n][h];
        for (d = 0; d < D; d++)
          gw1[d][h] += x[n][d] * dh[n][h];
      }

  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, n, c, dz[n][c]);
      for (h = 0; h < H; h++)
        gsl_matrix_set (g->dz1, n, h, dh[n][h]);
    }
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gw2[h][c] + 2 * reg * w2[h][c]);
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gw1[d][h] + 2 * reg * w1[d][h]);
  for (c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, gb2[c]);
  for (h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, gb1[h]);

  free (x); free (w1); free (w2); free (z1); free (p1);
  free (dz); free (dh); free (gw1); free (gw2); free (gb1); free (gb2);
  g->present = BP_GRADS_ALL;
  return 0;
}
