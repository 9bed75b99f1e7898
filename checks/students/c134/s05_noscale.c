/* backward.c -- two-layer net, backward.
 * Walk the rows with two pointers at once, step = tda. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  const double *src, *zr;
  double *dst;

  if (N != cache->N || g->N != N || X->size2 != D)
    return 1;

  /* scores gradient: softmax minus one-hot */
  for (i = 0, src = cache->prob->data, dst = g->dz2->data; i < N;
       i++, src += cache->prob->tda, dst += g->dz2->tda)
    for (k = 0; k < C; k++)
      dst[k] = src[k] - (k == y[i]);

  /* W2, b2 */
  for (j = 0; j < H; j++)
    {
      double *dw = g->dW2->data + j * g->dW2->tda;
      const double *w = net->W2->data + j * net->W2->tda;
      for (k = 0; k < C; k++)
        {
          double s = 2 * reg * w[k];
          for (i = 0; i < N; i++)
            s += cache->p1->data[i * cache->p1->tda + j]
                 * g->dz2->data[i * g->dz2->tda + k];
          dw[k] = s;
        }
    }
  for (k = 0; k < C; k++)
    {
      double s = 0;
      for (i = 0, src = g->dz2->data; i < N; i++, src += g->dz2->tda)
        s += src[k];
      gsl_vector_set (g->db2, k, s);
    }

  /* back through W2 and the relu */
  for (i = 0; i < N; i++)
    {
      const double *d = g->dz2->data + i * g->dz2->tda;
      double *dp = g->dp1->data + i * g->dp1->tda;
      double *dz = g->dz1->data + i * g->dz1->tda;
      zr = cache->z1->data + i * cache->z1->tda;
      for (j = 0; j < H; j++)
        {
          const double *w = net->W2->data + j * net->W2->tda;
          double s = 0;
          for (k = 0; k < C; k++)
            s += d[k] * w[k];
          dp[j] = s;
          dz[j] = zr[j] > 0 ? s : 0;
        }
    }

  /* W1, b1 */
  for (k = 0; k < D; k++)
    {
      double *dw = g->dW1->data + k * g->dW1->tda;
      const double *w = net->W1->data + k * net->W1->tda;
      for (j = 0; j < H; j++)
        {
          double s = 2 * reg * w[j];
          for (i = 0; i < N; i++)
            s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
          dw[j] = s;
        }
    }
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0, src = g->dz1->data; i < N; i++, src += g->dz1->tda)
        s += src[j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
