/* backward.c -- pointers.  For dp1 I need W2 transposed, which is
 * (C, H); entry (c, h) of a (C, H) row-major array is at c * H + h. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  const double *W1 = net->W1->data, *W2 = net->W2->data;
  const double *x = X->data, *z1 = cache->z1->data, *p1 = cache->p1->data;
  const double *prob = cache->prob->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data, *dW1 = g->dW1->data;
  double *db1 = g->db1->data;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  for (size_t i = 0; i < N * C; i++)
    dz2[i] = prob[i] / N;
  for (size_t i = 0; i < N; i++)
    dz2[i * C + y[i]] -= 1.0 / N;

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 2 * reg * W2[h * C + c];
        for (size_t i = 0; i < N; i++)
          s += p1[i * H + h] * dz2[i * C + c];
        dW2[h * C + c] = s;
      }

  for (size_t c = 0; c < C; c++)
    {
      db2[c] = 0;
      for (size_t i = 0; i < N; i++)
        db2[c] += dz2[i * C + c];
    }

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t c = 0; c < C; c++)
          s += dz2[i * C + c] * W2[c * H + h];
        dp1[i * H + h] = s;
      }

  for (size_t i = 0; i < N * H; i++)
    dz1[i] = z1[i] > 0 ? dp1[i] : 0;

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2 * reg * W1[d * H + h];
        for (size_t i = 0; i < N; i++)
          s += x[i * D + d] * dz1[i * H + h];
        dW1[d * H + h] = s;
      }

  for (size_t h = 0; h < H; h++)
    {
      db1[h] = 0;
      for (size_t i = 0; i < N; i++)
        db1[h] += dz1[i * H + h];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
