/*
 * CSC 150 - Homework 4 - backward.c
 * Backprop through: scores <- affine2 <- relu <- affine1 <- X
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  int N = X->size1, D = X->size2, H = net->H, C = net->C;
  int i, j, k;
  double total;
  int count_active = 0;   /* how many relus are on (for debugging) */

  if ((size_t) N != cache->N || (size_t) D != net->D || g->N != (size_t) N) {
    return 1;
  }

  /* names from the lecture notes */
  const gsl_matrix *hidden_layer = cache->p1;
  const gsl_matrix *probs = cache->prob;
  gsl_matrix *scores_grad = g->dz2;
  gsl_matrix *W2_grad = g->dW2;
  gsl_vector *b2_grad = g->db2;
  gsl_matrix *hidden_grad = g->dp1;
  gsl_matrix *relu_grad = g->dz1;
  gsl_matrix *W1_grad = g->dW1;
  gsl_vector *b1_grad = g->db1;

  /* scores_grad = (probs - onehot) / N */
  for (i = 0; i < N; i++) {
    for (k = 0; k < C; k++) {
      total = gsl_matrix_get (probs, i, k);
      if ((size_t) k == y[i]) {
        total = total - 1.0;
      }
      gsl_matrix_set (scores_grad, i, k, total / N);
    }
  }

  /* W2_grad = hidden_layer^T scores_grad + 2 reg W2 */
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      total = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
      for (i = 0; i < N; i++) {
        total += gsl_matrix_get (hidden_layer, i, j) * gsl_matrix_get (scores_grad, i, k);
      }
      gsl_matrix_set (W2_grad, j, k, total);
    }
  }

  /* b2_grad = sum over the batch of scores_grad */
  for (k = 0; k < C; k++) {
    total = 0.0;
    for (i = 0; i < N; i++) {
      total += gsl_matrix_get (scores_grad, i, k);
    }
    gsl_vector_set (b2_grad, k, total);
  }

  /* hidden_grad = scores_grad W2^T */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      total = 0.0;
      for (k = 0; k < C; k++) {
        total += gsl_matrix_get (scores_grad, i, k) * gsl_matrix_get (net->W2, j, k);
      }
      gsl_matrix_set (hidden_grad, i, j, total);
    }
  }

  /* relu_grad = hidden_grad * (z1 > 0) */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get (cache->z1, i, j) > 0) {
        gsl_matrix_set (relu_grad, i, j, gsl_matrix_get (hidden_grad, i, j));
        count_active++;
      } else {
        gsl_matrix_set (relu_grad, i, j, 0.0);
      }
    }
  }

  /* W1_grad = X^T relu_grad + 2 reg W1 */
  for (k = 0; k < D; k++) {
    for (j = 0; j < H; j++) {
      total = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
      for (i = 0; i < N; i++) {
        total += gsl_matrix_get (X, i, k) * gsl_matrix_get (hidden_grad, i, j);
      }
      gsl_matrix_set (W1_grad, k, j, total);
    }
  }

  /* b1_grad = sum over the batch of relu_grad */
  for (j = 0; j < H; j++) {
    total = 0.0;
    for (i = 0; i < N; i++) {
      total += gsl_matrix_get (relu_grad, i, j);
    }
    gsl_vector_set (b1_grad, j, total);
  }

  (void) count_active;
  g->present = BP_GRADS_ALL;
  return 0;
}
