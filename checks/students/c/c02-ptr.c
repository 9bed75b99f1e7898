/* backward.c -- assignment 2, two-layer net.
 * Raw data pointers (get/set was too slow on the CIFAR batch). */

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

  const double *prob = cache->prob->data, *p1 = cache->p1->data;
  const double *z1 = cache->z1->data, *x = X->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;
  double *dz2 = g->dz2->data, *dw2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data, *dw1 = g->dW1->data;
  double *db1 = g->db1->data;
  const size_t tpr = cache->prob->tda, tp1 = cache->p1->tda;
  const size_t tz1 = cache->z1->tda, tx = X->tda;
  const size_t tw1 = net->W1->tda, tw2 = net->W2->tda;
  const size_t tdz2 = g->dz2->tda, tdw2 = g->dW2->tda, tdp1 = g->dp1->tda;
  const size_t tdz1 = g->dz1->tda, tdw1 = g->dW1->tda;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      dz2[i * tdz2 + j] = (prob[i * tpr + j] - (j == y[i])) / N;

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += p1[i * tp1 + j] * dz2[i * tdz2 + k];
        dw2[j * tdw2 + k] = s + 2 * reg * w2[j * tw2 + k];
      }

  for (k = 0; k < C; k++)
    {
      db2[k] = 0;
      for (i = 0; i < N; i++)
        db2[k] += dz2[i * tdz2 + k];
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += dz2[i * tdz2 + k] * w2[j * tw2 + k];
        dp1[i * tdp1 + j] = s;
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i * tdz1 + j] = z1[i * tz1 + j] > 0 ? 0 : dp1[i * tdp1 + j];

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (i = 0; i < N; i++)
          s += x[i * tx + k] * dz1[i * tdz1 + j];
        dw1[k * tdw1 + j] = s + 2 * reg * w1[k * tw1 + j];
      }

  for (j = 0; j < H; j++)
    {
      db1[j] = 0;
      for (i = 0; i < N; i++)
        db1[j] += dz1[i * tdz1 + j];
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
