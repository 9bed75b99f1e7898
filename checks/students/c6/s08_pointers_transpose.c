/* backward.c -- raw pointers into the GSL blocks, no bounds checks */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  const double *prob = cache->prob->data, *p1 = cache->p1->data;
  const double *z1 = cache->z1->data, *x = X->data;
  const double *W1 = net->W1->data, *W2 = net->W2->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data, *db1 = g->db1->data;
  const size_t tp = cache->prob->tda, t1 = cache->p1->tda, tz = cache->z1->tda;
  const size_t tx = X->tda, tw1 = net->W1->tda, tw2 = net->W2->tda;
  const size_t sdz2 = g->dz2->tda, sdw2 = g->dW2->tda, sdp1 = g->dp1->tda;
  const size_t sdz1 = g->dz1->tda, sdw1 = g->dW1->tda;
  const size_t sb2 = g->db2->stride, sb1 = g->db1->stride;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      dz2[n * sdz2 + c] = (prob[n * tp + c] - (c == y[n])) / (double) N;

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double *out = &dW2[h * sdw2 + c];
        *out = 2.0 * reg * W2[h * tw2 + c];
        for (size_t n = 0; n < N; n++)
          *out += p1[n * t1 + h] * dz2[n * sdz2 + c];
      }

  for (size_t c = 0; c < C; c++)
    {
      double *out = &db2[c * sb2];
      *out = 0.0;
      for (size_t n = 0; n < N; n++)
        *out += dz2[n * sdz2 + c];
    }

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double *out = &dp1[n * sdp1 + h];
        *out = 0.0;
        for (size_t c = 0; c < C; c++)
          *out += dz2[n * sdz2 + c] * W2[c * tw2 + h];
      }

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      dz1[n * sdz1 + h] = z1[n * tz + h] > 0.0 ? dp1[n * sdp1 + h] : 0.0;

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double *out = &dW1[d * sdw1 + h];
        *out = 2.0 * reg * W1[d * tw1 + h];
        for (size_t n = 0; n < N; n++)
          *out += x[n * tx + d] * dz1[n * sdz1 + h];
      }

  for (size_t h = 0; h < H; h++)
    {
      double *out = &db1[h * sb1];
      *out = 0.0;
      for (size_t n = 0; n < N; n++)
        *out += dz1[n * sdz1 + h];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
