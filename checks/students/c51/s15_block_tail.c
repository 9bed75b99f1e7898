/* backward.c -- lab 3 -- two-layer net, backward pass
 *
 *   dW1 = X' dz1 + 2 reg W1 is done sample-block by sample-block: four
 *   rows of X and dz1 per step (rank-4 update), then the rows left over.
 *   Everything else is plain loops on row pointers.
 */

#include <string.h>
#include "backprop.h"

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const size_t blocks = N / 4;
  const double inv_n = 1.0 / (double) N;
  const double two_reg = 2.0 * reg;
  size_t b, i, d, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      const double *restrict p = ROW (cache->prob, i);
      double *restrict dz = ROW (g->dz2, i);
      for (k = 0; k < C; k++)
        dz[k] = p[k] * inv_n;
      dz[y[i]] -= inv_n;
    }

  /* dW2 and db2 */
  for (j = 0; j < H; j++)
    {
      double *restrict o = ROW (g->dW2, j);
      const double *restrict w = ROW (net->W2, j);
      for (k = 0; k < C; k++)
        o[k] = two_reg * w[k];
    }
  memset (g->db2->data, 0, C * sizeof (double));
  for (i = 0; i < N; i++)
    {
      const double *restrict a = ROW (cache->p1, i);
      const double *restrict dz = ROW (g->dz2, i);
      for (j = 0; j < H; j++)
        {
          double *restrict o = ROW (g->dW2, j);
          for (k = 0; k < C; k++)
            o[k] += a[j] * dz[k];
        }
      for (k = 0; k < C; k++)
        g->db2->data[k] += dz[k];
    }

  /* dp1, dz1, db1 */
  memset (g->db1->data, 0, H * sizeof (double));
  for (i = 0; i < N; i++)
    {
      const double *restrict dz = ROW (g->dz2, i);
      const double *restrict z = ROW (cache->z1, i);
      double *restrict dp = ROW (g->dp1, i);
      double *restrict dh = ROW (g->dz1, i);
      for (j = 0; j < H; j++)
        {
          const double *restrict w = ROW (net->W2, j);
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz[k] * w[k];
          dp[j] = s;
          dh[j] = z[j] > 0.0 ? s : 0.0;
          g->db1->data[j] += dh[j];
        }
    }

  /* dW1: start from the penalty, then rank-4 updates */
  for (d = 0; d < D; d++)
    {
      double *restrict o = ROW (g->dW1, d);
      const double *restrict w = ROW (net->W1, d);
      for (j = 0; j < H; j++)
        o[j] = two_reg * w[j];
    }
  for (b = 0; b < blocks; b++)
    {
      const size_t i0 = 4 * b;
      const double *x0 = ROW (X, i0), *x1 = ROW (X, i0 + 1);
      const double *x2 = ROW (X, i0 + 2), *x3 = ROW (X, i0 + 3);
      const double *h0 = ROW (g->dz1, i0), *h1 = ROW (g->dz1, i0 + 1);
      const double *h2 = ROW (g->dz1, i0 + 2), *h3 = ROW (g->dz1, i0 + 3);
      for (d = 0; d < D; d++)
        {
          double *restrict o = ROW (g->dW1, d);
          for (j = 0; j < H; j++)
            o[j] += x0[d] * h0[j] + x1[d] * h1[j]
                    + x2[d] * h2[j] + x3[d] * h3[j];
        }
    }
  for (i = blocks; i < N; i++)
    {
      const double *x = ROW (X, i), *h = ROW (g->dz1, i);
      for (d = 0; d < D; d++)
        {
          double *restrict o = ROW (g->dW1, d);
          for (j = 0; j < H; j++)
            o[j] += x[d] * h[j];
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
