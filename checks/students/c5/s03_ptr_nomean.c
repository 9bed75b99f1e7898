/* raw pointer version (faster than get/set) */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double *P = cache->prob->data, *Z1 = cache->z1->data;
  const double *A1 = cache->p1->data, *x = X->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;
  double *dz2 = g->dz2->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  double *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW1 = g->dW1->data, *db1 = g->db1->data;
  size_t tP = cache->prob->tda, tZ = cache->z1->tda, tA = cache->p1->tda;
  size_t tX = X->tda, tw1 = net->W1->tda, tw2 = net->W2->tda;
  size_t s2 = g->db2->stride, s1 = g->db1->stride;

  /* softmax gradient: p - 1 at the true class */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      dz2[i * g->dz2->tda + c] = P[i * tP + c] - (c == y[i] ? 1.0 : 0.0);

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += A1[i * tA + h] * dz2[i * g->dz2->tda + c];
        dW2[h * g->dW2->tda + c] = s + 2 * reg * w2[h * tw2 + c];
      }
  for (size_t c = 0; c < C; c++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dz2[i * g->dz2->tda + c];
      db2[c * s2] = s;
    }

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t c = 0; c < C; c++)
          s += dz2[i * g->dz2->tda + c] * w2[h * tw2 + c];
        dp1[i * g->dp1->tda + h] = s;
        dz1[i * g->dz1->tda + h] = Z1[i * tZ + h] > 0 ? s : 0;
      }

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0;
        for (size_t i = 0; i < N; i++)
          s += x[i * tX + d] * dz1[i * g->dz1->tda + h];
        dW1[d * g->dW1->tda + h] = s + 2 * reg * w1[d * tw1 + h];
      }
  for (size_t h = 0; h < H; h++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += dz1[i * g->dz1->tda + h];
      db1[h * s1] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
