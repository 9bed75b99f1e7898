/* Ashley T. -- backward.c for the neural net lab (CS 110)
   I copy pasted the matrix multiply loop for each gradient and changed
   the names.  reg: the loss has reg*(W1^2 + W2^2) so the gradient is
   2*reg*W (power rule). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  int N, D, H, C, i, j, k;
  double temp;
  double *pr, *a1, *zz1, *xx, *w1, *w2, *o2, *ow2, *op1, *oz1, *ow1;
  int tp, tx, tw1, tw2, tg2, tgw2, tgp1, tgz1, tgw1, ta1, tz1;

  N = X->size1; D = net->D; H = net->H; C = net->C;
  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  /* pointers and row lengths (tda) of every thing */
  pr = cache->prob->data;  tp = cache->prob->tda;
  a1 = cache->p1->data;    ta1 = cache->p1->tda;
  zz1 = cache->z1->data;   tz1 = cache->z1->tda;
  xx = X->data;            tx = X->tda;
  w1 = net->W1->data;      tw1 = net->W1->tda;
  w2 = net->W2->data;      tw2 = net->W2->tda;
  o2 = g->dz2->data;       tg2 = g->dz2->tda;
  ow2 = g->dW2->data;      tgw2 = g->dW2->tda;
  op1 = g->dp1->data;      tgp1 = g->dp1->tda;
  oz1 = g->dz1->data;      tgz1 = g->dz1->tda;
  ow1 = g->dW1->data;      tgw1 = g->dW1->tda;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++) {
      temp = pr[i*tp + j];
      if (y[i] == (size_t) j) temp = temp - 1;
      o2[i*tg2 + j] = temp / N;
    }

  /* dW2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++) {
      temp = 0;
      for (k = 0; k < N; k++)
        temp = temp + a1[k*ta1 + i] * o2[k*tg2 + j];
      ow2[i*tgw2 + j] = temp + reg * w2[i*tw2 + j];
    }

  /* db2 */
  for (j = 0; j < C; j++) {
    temp = 0;
    for (k = 0; k < N; k++)
      temp = temp + o2[k*tg2 + j];
    g->db2->data[j] = temp;
  }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      temp = 0;
      for (k = 0; k < C; k++)
        temp = temp + o2[i*tg2 + k] * w2[j*tw2 + k];
      op1[i*tgp1 + j] = temp;
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (zz1[i*tz1 + j] > 0) oz1[i*tgz1 + j] = op1[i*tgp1 + j];
      else oz1[i*tgz1 + j] = 0;
    }

  /* dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      temp = 0;
      for (k = 0; k < N; k++)
        temp = temp + xx[k*tx + i] * oz1[k*tgz1 + j];
      ow1[i*tgw1 + j] = temp + 2 * reg * w1[i*tw1 + j];
    }

  /* db1 */
  for (j = 0; j < H; j++) {
    temp = 0;
    for (k = 0; k < N; k++)
      temp = temp + oz1[k*tgz1 + j];
    g->db1->data[j] = temp;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
