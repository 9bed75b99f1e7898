/* backward.c  (raw storage: entry (r,c) of M is M->data[r*M->tda + c])
 *
 * i = sample, h = hidden, k = class, d = input.
 *   dz2[i][k] = (P[i][k] - delta(k,y_i)) / N
 *   dW2[h][k] = sum_i p1[i][h] dz2[i][k] + 2 reg W2[h][k]
 *   db2[k]    = sum_i dz2[i][k]
 *   dp1[i][h] = sum_k dz2[i][k] W2[h][k]
 *   dz1[i][h] = dp1[i][h] [z1[i][h] > 0]
 *   dW1[d][h] = sum_i X[i][d] dz1[i][h] + 2 reg W1[d][h]
 *   db1[h]    = sum_i dz1[i][h]
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, h, k, d;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  const double *P = cache->prob->data, *p1 = cache->p1->data;
  const double *z1 = cache->z1->data, *W1 = net->W1->data, *W2 = net->W2->data;
  size_t t2 = g->dz2->tda, tp = g->dp1->tda, t1 = g->dz1->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2[i * t2 + k] = (P[i * cache->prob->tda + k] - (k == y[i] ? 1.0 : 0.0)) / N;

  for (h = 0; h < H; h++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += p1[i * cache->p1->tda + h] * dz2[i * t2 + k];
        g->dW2->data[h * g->dW2->tda + k] = s + 2.0 * reg * W2[h * net->W2->tda + k];
      }

  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s = dz2[i * t2 + k];
      g->db2->data[k * g->db2->stride] = s;
    }

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += dz2[i * t2 + k] * W2[h * net->W2->tda + k];
        dp1[i * tp + h] = s;
        dz1[i * t1 + h] = z1[i * cache->z1->tda + h] > 0.0 ? s : 0.0;
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += X->data[i * X->tda + d] * dz1[i * t1 + h];
        g->dW1->data[d * g->dW1->tda + h] = s + 2.0 * reg * W1[d * net->W1->tda + h];
      }

  for (h = 0; h < H; h++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += dz1[i * t1 + h];
      g->db1->data[h * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
