/* ---------------------------------------------------------------------
 * backward.c   (CSC 4xx, A2 Q4)          by Hannah Lindqvist
 *
 * static buffers, sized for the biggest net in the assignment.
 * dW is built one sample at a time with outer_add (rank-1 updates).
 * bsum[] is a scratch row used for the bias gradients.
 * --------------------------------------------------------------------- */

#include <string.h>
#include "backprop/grads.h"

#define MAXN 64

static double delta2[MAXN][MAXN], delta1[MAXN][MAXN], dhid[MAXN][MAXN];
static double gW2[MAXN][MAXN], gW1[MAXN][MAXN];
static double xrow[MAXN], arow[MAXN];
static double bsum[MAXN];

/* G[i][j] += u[i] * v[j],  i < m, j < n */
static void
outer_add (double G[MAXN][MAXN], const double *u, const double *v, int m, int n)
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      G[i][j] += u[i] * v[j];
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;
  if (N > MAXN || D > MAXN || H > MAXN || C > MAXN)
    return 1;

  memset (gW2, 0, sizeof gW2);
  memset (gW1, 0, sizeof gW1);
  memset (bsum, 0, sizeof bsum);

  /* delta2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      delta2[i][j] = (gsl_matrix_get (cache->prob, i, j) - (y[i] == (size_t) j)) / N;

  /* W2 and b2 */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < H; k++)
        arow[k] = gsl_matrix_get (cache->p1, i, k);
      outer_add (gW2, arow, delta2[i], H, C);
      for (j = 0; j < C; j++)
        bsum[j] += delta2[i][j];
    }
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, k, j, gW2[k][j] + 2 * reg * gsl_matrix_get (net->W2, k, j));
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, bsum[j]);

  /* hidden: dhid = delta2 W2^T, delta1 = dhid * [z1 > 0] */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double s = 0;
        for (j = 0; j < C; j++)
          s += delta2[i][j] * gsl_matrix_get (net->W2, k, j);
        dhid[i][k] = s;
        delta1[i][k] = gsl_matrix_get (cache->z1, i, k) > 0 ? s : 0;
      }

  /* W1 and b1 */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < D; k++)
        xrow[k] = gsl_matrix_get (X, i, k);
      outer_add (gW1, xrow, delta1[i], D, H);
      for (j = 0; j < H; j++)
        bsum[j] += delta1[i][j];
    }
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, k, j, gW1[k][j] + 2 * reg * gsl_matrix_get (net->W1, k, j));
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, bsum[j]);

  /* the per-sample ones */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, delta2[i][j]);
      for (k = 0; k < H; k++)
        {
          gsl_matrix_set (g->dp1, i, k, dhid[i][k]);
          gsl_matrix_set (g->dz1, i, k, delta1[i][k]);
        }
    }
  g->present = BP_GRADS_ALL;
  return 0;
}
