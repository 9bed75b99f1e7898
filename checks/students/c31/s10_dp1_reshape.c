/* backward.c -- 2 layer net backward.
 * I use the raw data pointers because gsl_matrix_get is sooo slow
 * (A->data[i * A->tda + j] is entry i,j)
 */
#include "backprop.h"
#include <stdio.h>
#include <string.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, c;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *W2 = net->W2->data;
  double tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++) {
      tmp = cache->prob->data[i * cache->prob->tda + c];
      if (c == y[i]) tmp -= 1;
      dz2[i * g->dz2->tda + c] = tmp / N;
    }

  /* dW2 */
  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++) {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp += cache->p1->data[i * cache->p1->tda + j] * dz2[i * g->dz2->tda + c];
      g->dW2->data[j * g->dW2->tda + c] = tmp + 2 * reg * W2[j * net->W2->tda + c];
    }

  /* db2 */
  for (c = 0; c < C; c++) {
    tmp = 0;
    for (i = 0; i < N; i++) tmp += dz2[i * g->dz2->tda + c];
    g->db2->data[c * g->db2->stride] = tmp;
  }

  /* dp1 = dz2 W2^T   -- W2 transposed is C x H */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      tmp = 0;
      for (c = 0; c < C; c++)
        tmp += dz2[i * g->dz2->tda + c] * W2[c * H + j];
        //tmp += dz2[i * g->dz2->tda + c] * W2[j * C + c];
      dp1[i * g->dp1->tda + j] = tmp;
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (cache->z1->data[i * cache->z1->tda + j] > 0)
        dz1[i * g->dz1->tda + j] = dp1[i * g->dp1->tda + j];
      else
        dz1[i * g->dz1->tda + j] = 0;
    }

  /* dW1 */
  for (c = 0; c < D; c++)     /* (c is the input index here) */
    for (j = 0; j < H; j++) {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp += X->data[i * X->tda + c] * dz1[i * g->dz1->tda + j];
      g->dW1->data[c * g->dW1->tda + j] = tmp + 2 * reg * net->W1->data[c * net->W1->tda + j];
    }

  /* db1 */
  for (j = 0; j < H; j++) {
    tmp = 0;
    for (i = 0; i < N; i++) tmp += dz1[i * g->dz1->tda + j];
    g->db1->data[j * g->db1->stride] = tmp;
  }
  //memset(g->db1->data, 0, H * sizeof(double));

  g->present = BP_GRADS_ALL;
  return 0;
}
