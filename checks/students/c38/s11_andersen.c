/* backward.c -- S. Andersen */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1, *dz1 = g->dz1, *dW1 = g->dW1;
  gsl_vector *db2 = g->db2, *db1 = g->db1;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      dz2->data[n * dz2->tda + c] = (cache->prob->data[n * cache->prob->tda + c]
                                     - (c == y[n] ? 1.0 : 0.0)) / (double) N;

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 2.0 * reg * net->W2->data[h * net->W2->tda + c];
        for (size_t n = 0; n < N; n++)
          s += cache->p1->data[n * cache->p1->tda + h] * dz2->data[n * dz2->tda + c];
        dW2->data[h * dW2->tda + c] = s;
      }

  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += dz2->data[n * dz2->tda + c];
      db2->data[c * db2->stride] = s;
    }

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += dz2->data[n * dz2->tda + c] * net->W2->data[h * net->W2->tda + c];
        dp1->data[n * dp1->tda + h] = s;
      }

  /* relu backward (in place, saves a temporary) */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      if (cache->z1->data[n * cache->z1->tda + h] <= 0.0)
        dp1->data[n * dp1->tda + h] = 0.0;
  gsl_matrix_memcpy (dz1, dp1);

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 2.0 * reg * net->W1->data[d * net->W1->tda + h];
        for (size_t n = 0; n < N; n++)
          s += X->data[n * X->tda + d] * dz1->data[n * dz1->tda + h];
        dW1->data[d * dW1->tda + h] = s;
      }

  for (size_t h = 0; h < H; h++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += dz1->data[n * dz1->tda + h];
      db1->data[h * db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
