/* backward.c -- the hidden layer as one flat array of N*H entries,
 * index = sample * H + unit, and ->tda for the row stride. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      g->dz2->data[n * g->dz2->tda + c] =
        (cache->prob->data[n * cache->prob->tda + c] - (c == y[n])) / N;

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 2 * reg * net->W2->data[h * net->W2->tda + c];
        for (size_t n = 0; n < N; n++)
          s += cache->p1->data[n * cache->p1->tda + h]
               * g->dz2->data[n * g->dz2->tda + c];
        g->dW2->data[h * g->dW2->tda + c] = s;
      }
  for (size_t c = 0; c < C; c++)
    {
      double s = 0;
      for (size_t n = 0; n < N; n++)
        s += g->dz2->data[n * g->dz2->tda + c];
      g->db2->data[c] = s;
    }

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t c = 0; c < C; c++)
          s += g->dz2->data[n * g->dz2->tda + c]
               * net->W2->data[h * net->W2->tda + c];
        g->dp1->data[n * g->dp1->tda + h] = s;
      }

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        size_t idx = n * H + h;
        g->dz1->data[idx * g->dz1->tda] =
          cache->z1->data[n * cache->z1->tda + h] > 0
          ? g->dp1->data[n * g->dp1->tda + h] : 0;
      }

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2 * reg * net->W1->data[d * net->W1->tda + h];
        for (size_t n = 0; n < N; n++)
          s += X->data[n * X->tda + d] * g->dz1->data[n * g->dz1->tda + h];
        g->dW1->data[d * g->dW1->tda + h] = s;
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0;
      for (size_t n = 0; n < N; n++)
        s += g->dz1->data[n * g->dz1->tda + h];
      g->db1->data[h] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
