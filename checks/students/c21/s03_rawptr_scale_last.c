/* backward.c -- T. Brandt
 * raw row pointers (tda!), no gsl_matrix_get in inner loops.
 * Strategy: do the whole backward pass on the *sum* loss (no 1/N anywhere),
 * then divide everything by N at the end, then add the L2 terms last. */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

static void
scale_mat (gsl_matrix *m, double s)
{
  for (size_t i = 0; i < m->size1; i++)
    {
      double *r = ROW (m, i);
      for (size_t j = 0; j < m->size2; j++)
        r[j] *= s;
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* zero the accumulators (g comes in dirty) */
  for (size_t k = 0; k < H; k++)
    memset (ROW (g->dW2, k), 0, C * sizeof (double));
  for (size_t k = 0; k < D; k++)
    memset (ROW (g->dW1, k), 0, H * sizeof (double));
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      const double *pr = ROW (cache->prob, n);
      const double *a1 = ROW (cache->p1, n);
      const double *h1 = ROW (cache->z1, n);
      const double *xr = ROW (X, n);
      double *d2 = ROW (g->dz2, n);
      double *dp = ROW (g->dp1, n);
      double *d1 = ROW (g->dz1, n);

      for (size_t c = 0; c < C; c++)
        d2[c] = pr[c] - (c == y[n] ? 1.0 : 0.0);

      for (size_t k = 0; k < H; k++)
        {
          const double *w = ROW (net->W2, k);
          double *dw = ROW (g->dW2, k);
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            {
              s += d2[c] * w[c];
              dw[c] += a1[k] * d2[c];
            }
          dp[k] = s;
          d1[k] = h1[k] > 0.0 ? s : 0.0;
        }
      for (size_t c = 0; c < C; c++)
        g->db2->data[c * g->db2->stride] += d2[c];

      for (size_t d = 0; d < D; d++)
        {
          double *dw = ROW (g->dW1, d);
          for (size_t k = 0; k < H; k++)
            dw[k] += xr[d] * d1[k];
        }
      for (size_t k = 0; k < H; k++)
        g->db1->data[k * g->db1->stride] += d1[k];
    }

  /* the mean: everything was for the sum */
  double inv = 1.0 / (double) N;
  scale_mat (g->dz2, inv);
  scale_mat (g->dp1, inv);
  scale_mat (g->dz1, inv);
  scale_mat (g->dW2, inv);
  scale_mat (g->dW1, inv);
  gsl_vector_scale (g->db2, inv);
  gsl_vector_scale (g->db1, inv);

  /* L2: d/dW reg*|W|^2 = 2 reg W */
  for (size_t k = 0; k < H; k++)
    for (size_t c = 0; c < C; c++)
      ROW (g->dW2, k)[c] += 2.0 * reg * ROW (net->W2, k)[c];
  for (size_t d = 0; d < D; d++)
    for (size_t k = 0; k < H; k++)
      ROW (g->dW1, d)[k] += 2.0 * reg * ROW (net->W1, d)[k];

  g->present = BP_GRADS_ALL;
  return 0;
}
