/*
 * CS 4780 hw3 -- backprop for the 2-layer net
 * Priya R.
 *
 * One pass over the samples. delta_out / delta_hid are the per-sample
 * deltas; I keep the sums un-normalised and divide by N once at the end
 * (cheaper than dividing every time).  Everything through ->data because
 * gsl_matrix_get was too slow on the big set.
 */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  const double invN = 1.0 / (double)N;
  double *delta_out = malloc(C * sizeof(double));
  double *delta_hid = malloc(H * sizeof(double));
  size_t n, h, c, d;

  if (!delta_out || !delta_hid) {
    free(delta_out);
    free(delta_hid);
    return 1;
  }

  /* clear the accumulators */
  for (h = 0; h < H; h++)
    memset(g->dW2->data + h * g->dW2->tda, 0, C * sizeof(double));
  for (d = 0; d < D; d++)
    memset(g->dW1->data + d * g->dW1->tda, 0, H * sizeof(double));
  for (c = 0; c < C; c++) g->db2->data[c * g->db2->stride] = 0.0;
  for (h = 0; h < H; h++) g->db1->data[h * g->db1->stride] = 0.0;

  for (n = 0; n < N; n++) {
    const double *prob = cache->prob->data + n * cache->prob->tda;
    const double *a1 = cache->p1->data + n * cache->p1->tda;
    const double *z1 = cache->z1->data + n * cache->z1->tda;
    const double *x = X->data + n * X->tda;

    /* softmax - onehot, not divided by N yet */
    for (c = 0; c < C; c++) delta_out[c] = prob[c];
    delta_out[y[n]] -= 1.0;

    for (c = 0; c < C; c++) {
      g->dz2->data[n * g->dz2->tda + c] = delta_out[c] * invN;
      g->db2->data[c * g->db2->stride] += delta_out[c];
    }
    for (h = 0; h < H; h++) {
      double *row = g->dW2->data + h * g->dW2->tda;
      for (c = 0; c < C; c++) row[c] += a1[h] * delta_out[c];
    }

    /* hidden: W2 * delta_out, then the relu */
    for (h = 0; h < H; h++) {
      const double *w = net->W2->data + h * net->W2->tda;
      double s = 0.0;
      for (c = 0; c < C; c++) s += w[c] * delta_out[c];
      g->dp1->data[n * g->dp1->tda + h] = s * invN;
      delta_hid[h] = (z1[h] > 0.0) ? s : 0.0;
      g->dz1->data[n * g->dz1->tda + h] = delta_hid[h] * invN;
      g->db1->data[h * g->db1->stride] += delta_hid[h];
    }
    for (d = 0; d < D; d++) {
      double *row = g->dW1->data + d * g->dW1->tda;
      for (h = 0; h < H; h++) row[h] += x[d] * delta_hid[h];
    }
  }

  /* now divide by N and add the L2 part (2*reg*W, no 1/2 in our loss) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) {
      double *p = g->dW2->data + h * g->dW2->tda + c;
      *p = *p * invN + 2.0 * reg * net->W2->data[h * net->W2->tda + c];
    }
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      double *p = g->dW1->data + d * g->dW1->tda + h;
      *p = *p * invN + 2.0 * reg * net->W1->data[d * net->W1->tda + h];
    }
  for (c = 0; c < C; c++) g->db2->data[c * g->db2->stride] *= invN;
  for (h = 0; h < H; h++) g->db1->data[h * g->db1->stride] *= invN;

  free(delta_out);
  free(delta_hid);
  g->present = BP_GRADS_ALL;
  return 0;
}
