/* backward pass; rows addressed through tda as in the GSL manual */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = g->N, D = g->D, H = g->H, C = g->C;

  for (size_t i = 0; i < N; i++)
    {
      double *dz = ROW (g->dz2, i);
      const double *p = ROW (cache->prob, i);
      for (size_t k = 0; k < C; k++)
        dz[k] = (p[k] - (k == y[i])) / (double) N;
    }

  for (size_t j = 0; j < H; j++)
    {
      double *dw = ROW (g->dW2, j);
      for (size_t k = 0; k < C; k++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++)
            s += ROW (cache->p1, i)[j] * ROW (g->dz2, i)[k];
          dw[k] = s + 2 * reg * ROW (net->W2, j)[k];
        }
    }

  memset (g->db2->data, 0, C * sizeof (double));
  for (size_t i = 0; i < C; i++)
    for (size_t k = 0; k < C; k++)
      g->db2->data[k] += ROW (g->dz2, i)[k];

  for (size_t i = 0; i < N; i++)
    {
      double *dp = ROW (g->dp1, i), *dz = ROW (g->dz1, i);
      const double *z = ROW (cache->z1, i), *d2 = ROW (g->dz2, i);
      for (size_t j = 0; j < H; j++)
        {
          const double *w = ROW (net->W2, j);
          double s = 0;
          for (size_t k = 0; k < C; k++)
            s += d2[k] * w[k];
          dp[j] = s;
          dz[j] = z[j] > 0 ? s : 0;
        }
    }

  for (size_t a = 0; a < D; a++)
    {
      double *dw = ROW (g->dW1, a);
      for (size_t j = 0; j < H; j++)
        {
          double s = 0;
          for (size_t i = 0; i < N; i++)
            s += ROW (X, i)[a] * ROW (g->dz1, i)[j];
          dw[j] = s + 2 * reg * ROW (net->W1, a)[j];
        }
    }

  memset (g->db1->data, 0, H * sizeof (double));
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      g->db1->data[j] += ROW (g->dz1, i)[j];

  g->present = BP_GRADS_ALL;
  return 0;
}
