/* backward.c -- raw pointer version
 *
 * I do the products myself on ->data.  dW1T (H x D) and dW2T (C x H) are
 * the transposed weight gradients; written back into g transposed at the
 * end.  Row strides are the tda's.
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double *P = cache->prob->data, *A1 = cache->p1->data;
  const double *Z1 = cache->z1->data, *W1 = net->W1->data, *W2 = net->W2->data;
  const size_t tP = cache->prob->tda, tA = cache->p1->tda, tZ = cache->z1->tda;
  double *dW1T, *dW2T;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;
  dW1T = calloc(H * D, sizeof *dW1T);
  dW2T = calloc(C * H, sizeof *dW2T);
  if (dW1T == NULL || dW2T == NULL) { free(dW1T); free(dW2T); return 1; }

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      g->dz2->data[i * g->dz2->tda + k] = (P[i * tP + k] - (k == y[i])) / N;

  /* dW2T[k][j] = sum_i dz2[i][k] p1[i][j] + 2 reg W2[j][k] */
  for (k = 0; k < C; k++)
    for (j = 0; j < H; j++) {
      double s = 2.0 * reg * W2[j * net->W2->tda + k];
      for (i = 0; i < N; i++)
        s += g->dz2->data[i * g->dz2->tda + k] * A1[i * tA + j];
      dW2T[k * H + j] = s;
    }

  /* db2 */
  for (k = 0; k < C; k++) {
    double s = 0.0;
    for (i = 0; i < N; i++) s += g->dz2->data[i * g->dz2->tda + k];
    g->db2->data[k * g->db2->stride] = s;
  }

  /* dp1 = dz2 W2^T and dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += g->dz2->data[i * g->dz2->tda + k] * W2[j * net->W2->tda + k];
      g->dp1->data[i * g->dp1->tda + j] = s;
      g->dz1->data[i * g->dz1->tda + j] = Z1[i * tZ + j] > 0.0 ? s : 0.0;
    }

  /* dW1T[j][d] = sum_i dz1[i][j] X[i][d] */
  for (j = 0; j < H; j++)
    for (k = 0; k < D; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += g->dz1->data[i * g->dz1->tda + j] * X->data[i * X->tda + k];
      dW1T[j * D + k] = s;
    }
  /* + 2 reg W1 */
  for (k = 0; k < H * D; k++)
    dW1T[k] += 2.0 * reg * W1[k];

  /* db1 */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++) s += g->dz1->data[i * g->dz1->tda + j];
    g->db1->data[j * g->db1->stride] = s;
  }

  /* transpose back */
  for (j = 0; j < H; j++) {
    for (k = 0; k < D; k++)
      g->dW1->data[k * g->dW1->tda + j] = dW1T[j * D + k];
    for (k = 0; k < C; k++)
      g->dW2->data[j * g->dW2->tda + k] = dW2T[k * H + j];
  }

  free(dW1T);
  free(dW2T);
  g->present = BP_GRADS_ALL;
  return 0;
}
