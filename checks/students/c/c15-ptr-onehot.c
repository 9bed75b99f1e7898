/* backward.c -- pointer walking, one row pointer per sample. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;
  (void) y;

  /* dz2 = prob / N  (the softmax derivative) */
  for (size_t n = 0; n < N; n++)
    {
      const double *src = cache->prob->data + n * cache->prob->tda;
      double *dst = g->dz2->data + n * g->dz2->tda;
      for (size_t c = 0; c < C; c++)
        dst[c] = src[c] / (double) N;
    }

  /* dW2, db2 */
  for (size_t h = 0; h < H; h++)
    {
      double *out = g->dW2->data + h * g->dW2->tda;
      const double *w = net->W2->data + h * net->W2->tda;
      for (size_t c = 0; c < C; c++)
        out[c] = 2.0 * reg * w[c];
    }
  for (size_t c = 0; c < C; c++)
    g->db2->data[c] = 0.0;
  for (size_t n = 0; n < N; n++)
    {
      const double *a = cache->p1->data + n * cache->p1->tda;
      const double *d = g->dz2->data + n * g->dz2->tda;
      for (size_t h = 0; h < H; h++)
        {
          double *out = g->dW2->data + h * g->dW2->tda;
          for (size_t c = 0; c < C; c++)
            out[c] += a[h] * d[c];
        }
      for (size_t c = 0; c < C; c++)
        g->db2->data[c] += d[c];
    }

  /* dp1, dz1 */
  for (size_t n = 0; n < N; n++)
    {
      const double *d = g->dz2->data + n * g->dz2->tda;
      const double *z = cache->z1->data + n * cache->z1->tda;
      double *dp = g->dp1->data + n * g->dp1->tda;
      double *dz = g->dz1->data + n * g->dz1->tda;
      for (size_t h = 0; h < H; h++)
        {
          const double *w = net->W2->data + h * net->W2->tda;
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += d[c] * w[c];
          dp[h] = s;
          dz[h] = z[h] > 0.0 ? s : 0.0;
        }
    }

  /* dW1, db1 */
  for (size_t k = 0; k < D; k++)
    {
      double *out = g->dW1->data + k * g->dW1->tda;
      const double *w = net->W1->data + k * net->W1->tda;
      for (size_t h = 0; h < H; h++)
        out[h] = 2.0 * reg * w[h];
    }
  for (size_t h = 0; h < H; h++)
    g->db1->data[h] = 0.0;
  for (size_t n = 0; n < N; n++)
    {
      const double *x = X->data + n * X->tda;
      const double *dz = g->dz1->data + n * g->dz1->tda;
      for (size_t k = 0; k < D; k++)
        {
          double *out = g->dW1->data + k * g->dW1->tda;
          for (size_t h = 0; h < H; h++)
            out[h] += x[k] * dz[h];
        }
      for (size_t h = 0; h < H; h++)
        g->db1->data[h] += dz[h];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
