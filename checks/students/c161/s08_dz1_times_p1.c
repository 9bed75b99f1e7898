/* HW4 backward pass
 * row pointers: row i of a gsl_matrix m starts at m->data + i * m->tda
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k;
  double *scores_grad, *prob, *hidden, *hidden_grad, *relu_grad, *x_row;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* zero the parameter gradients first, we add into them below */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++)
      g->dW2->data[j * g->dW2->tda + k] = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
  }
  for (k = 0; k < C; k++)
    g->db2->data[k * g->db2->stride] = 0.0;
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++)
      g->dW1->data[i * g->dW1->tda + j] = 2.0 * reg * net->W1->data[i * net->W1->tda + j];
  }
  for (j = 0; j < H; j++)
    g->db1->data[j * g->db1->stride] = 0.0;

  /* go through the batch one sample at a time */
  for (i = 0; i < N; i++) {
    scores_grad = g->dz2->data + i * g->dz2->tda;
    prob = cache->prob->data + i * cache->prob->tda;
    hidden = cache->p1->data + i * cache->p1->tda;
    hidden_grad = g->dp1->data + i * g->dp1->tda;
    relu_grad = g->dz1->data + i * g->dz1->tda;
    x_row = X->data + i * X->tda;

    /* scores_grad = (prob - onehot) / N */
    for (k = 0; k < C; k++)
      scores_grad[k] = prob[k] / N;
    scores_grad[y[i]] -= 1.0 / N;

    /* W2_grad += hidden^T scores_grad, b2_grad += scores_grad */
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++)
        g->dW2->data[j * g->dW2->tda + k] += hidden[j] * scores_grad[k];
    for (k = 0; k < C; k++)
      g->db2->data[k * g->db2->stride] += scores_grad[k];

    /* hidden_grad = scores_grad W2^T */
    for (j = 0; j < H; j++) {
      double t = 0.0;
      for (k = 0; k < C; k++)
        t += scores_grad[k] * net->W2->data[j * net->W2->tda + k];
      hidden_grad[j] = t;
    }

    /* relu_grad = hidden_grad * relu'(z1)  (chain rule through the relu) */
    for (j = 0; j < H; j++)
      relu_grad[j] = hidden_grad[j] * hidden[j];

    /* W1_grad += x^T relu_grad, b1_grad += relu_grad */
    for (k = 0; k < D; k++)
      for (j = 0; j < H; j++)
        g->dW1->data[k * g->dW1->tda + j] += x_row[k] * relu_grad[j];
    for (j = 0; j < H; j++)
      g->db1->data[j * g->db1->stride] += relu_grad[j];
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
