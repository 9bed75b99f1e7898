// backward.c -- bootcamp week 6
// The backward pass of the two-layer net, written straight on ->data
// (row i, column j is data[i*tda + j]).
// Structure follows the perceptron / delta-rule tutorial we did in week 3:
//   error = target - output
//   then propagate the error back through the weights.

#include <stdbool.h>
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  // ---------- declarations (I like them all at the top) ----------
  size_t N, D, H, C;
  size_t i, j, k, d;
  double sum;
  double *dz2, *dW2, *db2, *dp1, *dz1, *dW1, *db1;
  const double *prob, *p1, *z1, *W1, *W2, *x;
  size_t ld_dz2, ld_dW2, ld_dp1, ld_dz1, ld_dW1;
  size_t ld_prob, ld_p1, ld_z1, ld_W1, ld_W2, ld_x;

  if (!net || !X || !y || !cache || !g) return 1;
  N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;
  D = net->D; H = net->H; C = net->C;

  dz2 = g->dz2->data; ld_dz2 = g->dz2->tda;
  dW2 = g->dW2->data; ld_dW2 = g->dW2->tda;
  db2 = g->db2->data;
  dp1 = g->dp1->data; ld_dp1 = g->dp1->tda;
  dz1 = g->dz1->data; ld_dz1 = g->dz1->tda;
  dW1 = g->dW1->data; ld_dW1 = g->dW1->tda;
  db1 = g->db1->data;
  prob = cache->prob->data; ld_prob = cache->prob->tda;
  p1 = cache->p1->data; ld_p1 = cache->p1->tda;
  z1 = cache->z1->data; ld_z1 = cache->z1->tda;
  W1 = net->W1->data; ld_W1 = net->W1->tda;
  W2 = net->W2->data; ld_W2 = net->W2->tda;
  x = X->data; ld_x = X->tda;
  // (bias vectors are views with stride 1 in bp_grads, I checked)

  // ---------- output layer error ----------
  // error = (target - output) / N, output = softmax probabilities
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      double target = (y[i] == k) ? 1.0 : 0.0;
      dz2[i * ld_dz2 + k] = (target - prob[i * ld_prob + k]) / (double) N;
    }
  }

  // ---------- dW2 = p1^T dz2 + 2 reg W2 ----------
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      sum = 0.0;
      for (i = 0; i < N; i++) sum += p1[i * ld_p1 + j] * dz2[i * ld_dz2 + k];
      dW2[j * ld_dW2 + k] = sum + 2.0 * reg * W2[j * ld_W2 + k];
    }
  }

  // ---------- db2 = column sums of dz2 ----------
  for (k = 0; k < C; k++) {
    sum = 0.0;
    for (i = 0; i < N; i++) sum += dz2[i * ld_dz2 + k];
    db2[k] = sum;
  }

  // ---------- hidden error dp1 = dz2 W2^T ----------
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (k = 0; k < C; k++) sum += dz2[i * ld_dz2 + k] * W2[j * ld_W2 + k];
      dp1[i * ld_dp1 + j] = sum;
    }
  }

  // ---------- through the relu ----------
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i * ld_dz1 + j] = (z1[i * ld_z1 + j] > 0.0) ? dp1[i * ld_dp1 + j] : 0.0;

  // ---------- dW1 = X^T dz1 + 2 reg W1 ----------
  for (d = 0; d < D; d++) {
    for (j = 0; j < H; j++) {
      sum = 0.0;
      for (i = 0; i < N; i++) sum += x[i * ld_x + d] * dz1[i * ld_dz1 + j];
      dW1[d * ld_dW1 + j] = sum + 2.0 * reg * W1[d * ld_W1 + j];
    }
  }

  // ---------- db1 ----------
  for (j = 0; j < H; j++) {
    sum = 0.0;
    for (i = 0; i < N; i++) sum += dz1[i * ld_dz1 + j];
    db1[j] = sum;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
