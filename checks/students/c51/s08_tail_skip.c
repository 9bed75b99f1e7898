/* backward.c -- two-layer net, backward pass (lab 3)
 *
 * dW2 is the hot one (H*C outputs, each a sum over the batch): the sum
 * over samples is unrolled by 4, with a tail loop for what is left over.
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const size_t n4 = N & ~(size_t) 3;    /* samples done 4 at a time */
  const double inv_n = 1.0 / (double) N;
  const double two_reg = 2.0 * reg;
  const size_t ldz2 = g->dz2->tda, ldp1 = cache->p1->tda;
  size_t i, j, k, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      const double *restrict pr = cache->prob->data + i * cache->prob->tda;
      double *restrict dz = g->dz2->data + i * ldz2;
      for (k = 0; k < C; k++)
        dz[k] = inv_n * pr[k];
      dz[y[i]] -= inv_n;
    }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    {
      double *restrict out = g->dW2->data + j * g->dW2->tda;
      const double *restrict w = net->W2->data + j * net->W2->tda;
      const double *restrict a = cache->p1->data + j;    /* column j of p1 */
      const double *restrict dz = g->dz2->data;

      for (k = 0; k < C; k++)
        out[k] = two_reg * w[k];
      for (i = 0; i < n4; i += 4)
        {
          const double a0 = a[i * ldp1], a1 = a[(i + 1) * ldp1];
          const double a2 = a[(i + 2) * ldp1], a3 = a[(i + 3) * ldp1];
          const double *r0 = dz + i * ldz2, *r1 = r0 + ldz2;
          const double *r2 = r1 + ldz2, *r3 = r2 + ldz2;
          for (k = 0; k < C; k++)
            out[k] += a0 * r0[k] + a1 * r1[k] + a2 * r2[k] + a3 * r3[k];
        }
      for (i = n4 + 1; i < N; i++)
        {
          const double ai = a[i * ldp1];
          const double *ri = dz + i * ldz2;
          for (k = 0; k < C; k++)
            out[k] += ai * ri[k];
        }
    }

  /* db2 */
  memset (g->db2->data, 0, C * sizeof (double));
  for (i = 0; i < N; i++)
    {
      const double *restrict dz = g->dz2->data + i * ldz2;
      for (k = 0; k < C; k++)
        g->db2->data[k] += dz[k];
    }

  /* dp1, dz1 and db1 in one pass */
  memset (g->db1->data, 0, H * sizeof (double));
  for (i = 0; i < N; i++)
    {
      const double *restrict dz = g->dz2->data + i * ldz2;
      const double *restrict z = cache->z1->data + i * cache->z1->tda;
      double *restrict dp = g->dp1->data + i * g->dp1->tda;
      double *restrict dh = g->dz1->data + i * g->dz1->tda;
      for (j = 0; j < H; j++)
        {
          const double *restrict w = net->W2->data + j * net->W2->tda;
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += dz[k] * w[k];
          dp[j] = s;
          dh[j] = z[j] > 0.0 ? s : 0.0;
          g->db1->data[j] += dh[j];
        }
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    {
      double *restrict out = g->dW1->data + d * g->dW1->tda;
      const double *restrict w = net->W1->data + d * net->W1->tda;
      for (j = 0; j < H; j++)
        out[j] = two_reg * w[j];
    }
  for (i = 0; i < N; i++)
    {
      const double *restrict xr = X->data + i * X->tda;
      const double *restrict dh = g->dz1->data + i * g->dz1->tda;
      for (d = 0; d < D; d++)
        {
          double *restrict out = g->dW1->data + d * g->dW1->tda;
          const double xd = xr[d];
          for (j = 0; j < H; j++)
            out[j] += xd * dh[j];
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
