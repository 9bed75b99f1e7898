/*
 * Assignment 2 -- backward pass (two layer neural network)
 * Statistics MSc.
 *
 * To keep the formulas readable I give the cached quantities the names
 * from the lecture before using them.  Matrix elements are read directly
 * from ->data (row i starts at i * tda).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *hidden_layer_before_relu = cache->z1;   /* z1 */
  const gsl_matrix *hidden_layer_after_relu = cache->p1;    /* p1 = relu(z1) */
  const gsl_matrix *class_probabilities = cache->prob;      /* softmax(z2) */
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* derivative of the loss w.r.t. the scores: (probabilities - 1[y]) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double prob_ik = class_probabilities->data[i * class_probabilities->tda + k];
        double label_ik = (y[i] == k) ? 1.0 : 0.0;
        g->dz2->data[i * g->dz2->tda + k] = (prob_ik - label_ik) / (double) N;
      }

  /* derivative w.r.t. W2 = (hidden layer)^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double sum = 0.0;
        for (i = 0; i < N; i++)
          sum += hidden_layer_before_relu->data[i * hidden_layer_before_relu->tda + j] * g->dz2->data[i * g->dz2->tda + k];
        g->dW2->data[j * g->dW2->tda + k] = sum + 2.0 * reg * W2->data[j * W2->tda + k];
      }

  /* derivative w.r.t. b2 = column sums of dz2 */
  for (k = 0; k < C; k++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += g->dz2->data[i * g->dz2->tda + k];
      g->db2->data[k * g->db2->stride] = sum;
    }

  /* derivative w.r.t. the hidden layer output = dz2 W2^T, and at the same
   * time through the relu (only where the unit was active) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0.0;
        for (k = 0; k < C; k++)
          sum += g->dz2->data[i * g->dz2->tda + k] * W2->data[j * W2->tda + k];
        g->dp1->data[i * g->dp1->tda + j] = sum;
        if (hidden_layer_before_relu->data[i * hidden_layer_before_relu->tda + j] > 0)
          g->dz1->data[i * g->dz1->tda + j] = sum;
        else
          g->dz1->data[i * g->dz1->tda + j] = 0.0;
      }
  (void) hidden_layer_after_relu;

  /* derivative w.r.t. W1 = X^T dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0.0;
        for (k = 0; k < N; k++)
          sum += X->data[k * X->tda + i] * g->dz1->data[k * g->dz1->tda + j];
        g->dW1->data[i * g->dW1->tda + j] = sum + 2.0 * reg * W1->data[i * W1->tda + j];
      }

  /* derivative w.r.t. b1 = column sums of dz1 */
  for (j = 0; j < H; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += g->dz1->data[i * g->dz1->tda + j];
      g->db1->data[j * g->db1->stride] = sum;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
