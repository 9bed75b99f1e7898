/* backward.c  --  hw2, two layer net, backprop
 * R. Haddad
 *
 * Everything lives in static flat arrays (size MAXN*MAXN each), indexed
 * row-major by hand.  Helpers at the bottom.
 */

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAXN 100
#define IDX(i, j, cols) ((i) * (cols) + (j))

static double sX[MAXN * MAXN], sZ1[MAXN * MAXN], sA1[MAXN * MAXN];
static double sP[MAXN * MAXN], sW1[MAXN * MAXN], sW2[MAXN * MAXN];
static double d2[MAXN * MAXN], gW2[MAXN * MAXN], gb2[MAXN];
static double dA1[MAXN * MAXN], d1[MAXN * MAXN], gW1[MAXN * MAXN], gb1[MAXN];

static void load (const gsl_matrix *m, double *dst);
static void store (const double *src, gsl_matrix *m);
static void l2_add (double *dW, const double *W, int n, double reg);

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
    return 2;

  load (X, sX);
  load (cache->z1, sZ1);
  load (cache->p1, sA1);
  load (cache->prob, sP);
  load (net->W1, sW1);
  load (net->W2, sW2);

  /* output layer error */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      d2[IDX (i, j, C)] = (sP[IDX (i, j, C)] - ((size_t) j == y[i])) / N;

  /* W2, b2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += sA1[IDX (i, j, H)] * d2[IDX (i, k, C)];
        gW2[IDX (j, k, C)] = s;
      }
  l2_add (gW2, sW2, H * C, reg);
  for (k = 0; k < C; k++)
    {
      gb2[k] = 0;
      for (i = 0; i < N; i++)
        gb2[k] += d2[IDX (i, k, C)];
    }

  /* hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += d2[IDX (i, k, C)] * sW2[IDX (j, k, C)];
        dA1[IDX (i, j, H)] = s;
        d1[IDX (i, j, H)] = sZ1[IDX (i, j, H)] > 0 ? s : 0;
      }

  /* W1, b1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += sX[IDX (i, j, D)] * d1[IDX (i, k, H)];
        gW1[IDX (j, k, H)] = s;
      }
  l2_add (gW1, sW1, D * H, reg);
  for (k = 0; k < H; k++)
    {
      gb1[k] = 0;
      for (i = 0; i < N; i++)
        gb1[k] += d1[IDX (i, k, H)];
    }

  store (d2, g->dz2);
  store (gW2, g->dW2);
  store (dA1, g->dp1);
  store (d1, g->dz1);
  store (gW1, g->dW1);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, gb2[k]);
  for (k = 0; k < H; k++)
    gsl_vector_set (g->db1, k, gb1[k]);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* -------------------------------------------------------------- helpers */

static void
load (const gsl_matrix *m, double *dst)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      dst[i * m->size2 + j] = gsl_matrix_get (m, i, j);
}

static void
store (const double *src, gsl_matrix *m)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, src[i * m->size2 + j]);
}

/* regularization gradient: d/dW of (1/2) reg ||W||^2 = reg W  (lecture 3) */
static void
l2_add (double *dW, const double *W, int n, double reg)
{
  for (int i = 0; i < n; i++)
    dW[i] += reg * W[i];
}
