// backward pass -- hw3
// I go straight at ->data with the row stride (tda) because the get/set
// functions do a range check on every call.  keeps one scratch buffer
// around between calls (static), grown when the batch gets bigger.
// order: dz2, dp1, dz1, then all the weight grads, biases last.

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *scratch = NULL;
static size_t scratch_len = 0;

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  if (scratch_len < N * H) {
    double *p = realloc(scratch, N * H * sizeof(double));
    if (!p) return 1;
    scratch = p;
    scratch_len = N * H;
  }

  const double *P = cache->prob->data;   size_t tp = cache->prob->tda;
  double *dz2 = g->dz2->data;            size_t t2 = g->dz2->tda;
  const double *W2 = net->W2->data;      size_t tw2 = net->W2->tda;
  const double *W1 = net->W1->data;      size_t tw1 = net->W1->tda;
  const double *z1 = cache->z1->data;    size_t tz1 = cache->z1->tda;
  const double *p1 = cache->p1->data;    size_t tp1 = cache->p1->tda;
  const double *x = X->data;             size_t tx = X->tda;

  // dz2
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) dz2[i*t2 + k] = P[i*tp + k];
    dz2[i*t2 + y[i]] -= 1.0;
    for (k = 0; k < C; k++) dz2[i*t2 + k] /= (double)N;
  }

  // dp1 = dz2 W2^T, kept in scratch too (packed, stride H)
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double acc = 0.0;
      for (k = 0; k < C; k++) acc += dz2[i*t2 + k] * W2[j*tw2 + k];
      scratch[i*H + j] = acc;
      g->dp1->data[i*g->dp1->tda + j] = acc;
    }

  // dz1: mask scratch in place, then copy out
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (z1[i*tz1 + j] <= 0.0) scratch[i*H + j] = 0.0;
      g->dz1->data[i*g->dz1->tda + j] = scratch[i*H + j];
    }

  // dW1 = X^T dz1 + 2 reg W1
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double acc = 2.0 * reg * W1[k*tw1 + j];
      for (i = 0; i < N; i++) acc += x[i*tx + k] * scratch[i*H + j];
      g->dW1->data[k*g->dW1->tda + j] = acc;
    }

  // dW2 = p1^T dz2 + 2 reg W2
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double acc = 2.0 * reg * W2[j*tw2 + k];
      for (i = 0; i < N; i++) acc += p1[i*tp1 + j] * dz2[i*t2 + k];
      g->dW2->data[j*g->dW2->tda + k] = acc;
    }

  // biases (vectors have a stride too)
  for (k = 0; k < C; k++) {
    double acc = 0.0;
    for (i = 0; i < N; i++) acc += dz2[i*t2 + k];
    g->db2->data[k*g->db2->stride] = acc;
  }
  for (j = 0; j < H; j++) {
    double acc = 0.0;
    for (i = 0; i < N; i++) acc += scratch[i*H + j];
    g->db1->data[j*g->db1->stride] = acc;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
