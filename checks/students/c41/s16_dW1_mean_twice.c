/* =========================================================
   backward.c  --  Hannah J.  --  CS 1050 C programming
   2 layer net backprop.  Loss is an AVERAGE over the batch so
   the weight gradients get divided by N (remember the mean!!)
   ========================================================= */
#include <stdlib.h>
#include "backprop.h"

#define GETM(M,R,K) ((M)->data[(R)*(M)->tda+(K)])

double *temp2 = NULL;    /* prob minus onehot, not divided yet */
int temp2_len = 0;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int D = net->D, H = net->H, C = net->C;
  int i, j, k;
  double t;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;
  if (temp2_len < N * C) { free(temp2); temp2 = malloc(sizeof(double) * N * C); temp2_len = N * C; }
  if (temp2 == NULL) { temp2_len = 0; return 1; }

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      temp2[i * C + j] = GETM(cache->prob, i, j) - ((size_t) j == y[i] ? 1 : 0);

  /* dz2 is the average */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      GETM(g->dz2, i, j) = temp2[i * C + j] / N;

  /* dW2 = p1^T (prob - onehot) / N + 2 reg W2 */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++) {
      t = 0;
      for (i = 0; i < N; i++)
        t = t + GETM(cache->p1, i, k) * temp2[i * C + j];
      GETM(g->dW2, k, j) = t / N + 2 * reg * GETM(net->W2, k, j);
    }

  /* db2 */
  for (j = 0; j < C; j++) {
    t = 0;
    for (i = 0; i < N; i++)
      t = t + GETM(g->dz2, i, j);
    g->db2->data[j] = t;
  }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++) {
      t = 0;
      for (j = 0; j < C; j++)
        t = t + GETM(g->dz2, i, j) * GETM(net->W2, k, j);
      GETM(g->dp1, i, k) = t;
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      GETM(g->dz1, i, k) = GETM(cache->z1, i, k) > 0 ? GETM(g->dp1, i, k) : 0;

  /* dW1 = X^T dz1 / N + 2 reg W1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++) {
      t = 0;
      for (i = 0; i < N; i++)
        t = t + GETM(X, i, j) * GETM(g->dz1, i, k);
      GETM(g->dW1, j, k) = t / N + 2 * reg * GETM(net->W1, j, k);
    }

  /* db1 */
  for (k = 0; k < H; k++) {
    t = 0;
    for (i = 0; i < N; i++)
      t = t + GETM(g->dz1, i, k);
    g->db1->data[k] = t;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
