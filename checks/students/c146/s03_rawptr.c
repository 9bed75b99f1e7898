/*
 * backward.c -- two layer net, backward
 * 直接用 ->data 和 tda 访问矩阵元素（比 gsl_matrix_get 快）
 */
#include <string.h>
#include "backprop.h"

#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double invN = 1.0 / (double) N;
  double *db2 = g->db2->data, *db1 = g->db1->data;
  size_t s2 = g->db2->stride, s1 = g->db1->stride;

  if (X->size1 != N || X->size2 != D)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++)
      M(g->dz2, i, k) = M(cache->prob, i, k) * invN;
    M(g->dz2, i, y[i]) -= invN;
  }

  /* 2,3. dW2 and db2 -- clear first, then accumulate sample by sample */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      M(g->dW2, j, k) = 2.0 * reg * M(net->W2, j, k);
  for (k = 0; k < C; k++)
    db2[k * s2] = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) {
      double d = M(g->dz2, i, k);
      for (j = 0; j < H; j++)
        M(g->dW2, j, k) += M(cache->p1, i, j) * d;
      db2[k * s2] += d;
    }

  /* 4. dp1 = dz2 * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++)
        acc += M(g->dz2, i, k) * M(net->W2, j, k);
      M(g->dp1, i, j) = acc;
    }

  /* 5. dz1: copy dp1, then kill the entries where relu was off (in place) */
  for (i = 0; i < N; i++)
    memcpy(&M(g->dz1, i, 0), &M(g->dp1, i, 0), H * sizeof(double));
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(M(cache->z1, i, j) > 0.0))
        M(g->dz1, i, j) = 0.0;

  /* 6,7. dW1 and db1, same trick as layer 2 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      M(g->dW1, k, j) = 2.0 * reg * M(net->W1, k, j);
  for (j = 0; j < H; j++)
    db1[j * s1] = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double d = M(g->dz1, i, j);
      for (k = 0; k < D; k++)
        M(g->dW1, k, j) += M(X, i, k) * d;
      db1[j * s1] += d;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
