// Backprop for TwoLayerNet -- homework 4
// (jt) everything in fixed arrays, no malloc to forget to free.
//
// trick from the TA session: leave the 1/N out of dz2 while going down and
// multiply every gradient by 1/N at the very end (all of them are linear
// in dz2).  the reg part is added AFTER that, since it has no 1/N.

#include <string.h>
#include "backprop.h"

#define MAXN 128   // biggest N, D, H or C we handle

static double P1[MAXN][MAXN], Z1[MAXN][MAXN], XX[MAXN][MAXN];
static double W1c[MAXN][MAXN], W2c[MAXN][MAXN];
static double G2[MAXN][MAXN];     // prob - onehot   (N x C), not yet / N
static double GW2[MAXN][MAXN];    // H x C
static double GP1[MAXN][MAXN];    // N x H
static double GZ1[MAXN][MAXN];    // N x H
static double GW1[MAXN][MAXN];    // D x H
static double GB2[MAXN], GB1[MAXN];

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int n, d, h, c;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;
  if (N > MAXN || D > MAXN || H > MAXN || C > MAXN)
    return 1;                   // too big for my arrays

  for (n = 0; n < N; n++)
    {
      for (d = 0; d < D; d++)
        XX[n][d] = gsl_matrix_get (X, n, d);
      for (h = 0; h < H; h++)
        {
          Z1[n][h] = gsl_matrix_get (cache->z1, n, h);
          P1[n][h] = gsl_matrix_get (cache->p1, n, h);
        }
      for (c = 0; c < C; c++)
        G2[n][c] = gsl_matrix_get (cache->prob, n, c) - (y[n] == (size_t) c);
    }
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      W1c[d][h] = gsl_matrix_get (net->W1, d, h);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      W2c[h][c] = gsl_matrix_get (net->W2, h, c);

  // clear the accumulators (static => they still hold last call's numbers)
  memset (GW2, 0, sizeof GW2);
  memset (GW1, 0, sizeof GW1);
  memset (GB2, 0, sizeof GB2);
  memset (GB1, 0, sizeof GB1);

  // second layer, sample by sample
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        GB2[c] += G2[n][c];
        for (h = 0; h < H; h++)
          GW2[h][c] += P1[n][h] * G2[n][c];
      }

  // dp1 = G2 W2^T, then through the relu
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += G2[n][c] * W2c[h][c];
        GP1[n][h] = s;
        GZ1[n][h] = (Z1[n][h] > 0) ? s : 0;
      }

  // first layer
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        GB1[h] += GZ1[n][h];
        for (d = 0; d < D; d++)
          GW1[d][h] += XX[n][d] * GZ1[n][h];
      }

  // now the 1/N, then the reg terms, written straight into g
  double s = 1.0 / N;
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        gsl_matrix_set (g->dz2, n, c, s * G2[n][c]);
      for (h = 0; h < H; h++)
        {
          gsl_matrix_set (g->dp1, n, h, s * GP1[n][h]);
          gsl_matrix_set (g->dz1, n, h, s * GZ1[n][h]);
        }
    }
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, s * GW2[h][c] + 2 * reg * W2c[h][c]);
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, s * GW1[d][h] + 2 * reg * W1c[d][h]);
  for (c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, s * GB2[c]);
  for (h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, s * GB1[h]);

  g->present = BP_GRADS_ALL;
  return 0;
}
