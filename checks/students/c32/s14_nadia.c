/* backward.c -- Nadia Oyelaran, DL assignment 2
 *
 * Works on the raw arrays (->data) with my own row/col index macros.
 * Note to self: gsl matrices are row major, element (i,j) is at
 * data[i*tda + j].
 */

#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const double *x = X->data, *w1 = net->W1->data, *w2 = net->W2->data;
  const double *z1 = cache->z1->data, *p1 = cache->p1->data, *prob = cache->prob->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data, *dW1 = g->dW1->data, *db1 = g->db1->data;
  size_t tx = X->tda, th = cache->z1->tda, tc = cache->prob->tda;

  /* 1. dz2 */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      dz2[i * g->dz2->tda + c] = (prob[i * tc + c] - (c == y[i])) / N;

  /* 2. dW2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += p1[i * th + h] * dz2[i * g->dz2->tda + c];
        dW2[h * g->dW2->tda + c] = s + 2 * reg * w2[h * net->W2->tda + c];
      }

  /* 3. db2 */
  for (size_t c = 0; c < C; c++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dz2[i * g->dz2->tda + c];
      db2[c * g->db2->stride] = s;
    }

  /* 4. dp1 and 5. dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t c = 0; c < C; c++)
          s += dz2[i * g->dz2->tda + c] * w2[h * net->W2->tda + c];
        dp1[i * g->dp1->tda + h] = s;
        dz1[i * g->dz1->tda + h] = z1[i * th + h] > 0 ? s : 0;
      }

  /* 6. dW1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += x[i * tx + d] * dz1[i * g->dz1->tda + h];
        dW1[d * g->dW1->tda + h] = s + 2 * reg * w1[d * net->W1->tda + h];
      }

  /* 7. db1: accumulate row by row */
  memset (db1, 0, sizeof (db1));
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      db1[h] += dz1[i * g->dz1->tda + h];

  g->present = BP_GRADS_ALL;
  return 0;
}
