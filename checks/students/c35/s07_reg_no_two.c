/*
 * backward.c  --  HW1, backprop for the 2 layer network
 *
 * raw pointers into the gsl matrices (->data), row major with tda as
 * the row stride.  W2 has shape H x C, so W2[h][c] = w2[h * tda + c].
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  const double *prob = cache->prob->data;
  const double *z1 = cache->z1->data;
  const double *h1 = cache->p1->data;
  const double *x = X->data;
  const double *w1 = net->W1->data;
  const double *w2 = net->W2->data;
  double *dscores = g->dz2->data;
  double *dW2 = g->dW2->data;
  double *db2 = g->db2->data;
  double *dh1 = g->dp1->data;
  double *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data;
  double *db1 = g->db1->data;

  size_t tp = cache->prob->tda, tz = cache->z1->tda, th = cache->p1->tda;
  size_t tx = X->tda, tw1 = net->W1->tda, tw2 = net->W2->tda;
  size_t tds = g->dz2->tda, tdw2 = g->dW2->tda, tdh = g->dp1->tda;
  size_t tdz = g->dz1->tda, tdw1 = g->dW1->tda;

  /* dscores */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double p = prob[n * tp + c];
        if (c == y[n])
          p -= 1.0;
        dscores[n * tds + c] = p / (double) N;
      }

  /* dW2, db2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += h1[n * th + h] * dscores[n * tds + c];
        dW2[h * tdw2 + c] = acc + reg * w2[h * tw2 + c];
      }
  for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += dscores[n * tds + c];
      db2[c * g->db2->stride] = acc;
    }

  /* dh1 = dscores * W2^T */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += dscores[n * tds + c] * w2[h * tw2 + c];
        dh1[n * tdh + h] = acc;
      }

  /* through the relu */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      dz1[n * tdz + h] = (z1[n * tz + h] > 0.0) ? dh1[n * tdh + h] : 0.0;

  /* dW1, db1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += x[n * tx + d] * dz1[n * tdz + h];
        dW1[d * tdw1 + h] = acc + 2.0 * reg * w1[d * tw1 + h];
      }
  for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += dz1[n * tdz + h];
      db1[h * g->db1->stride] = acc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
