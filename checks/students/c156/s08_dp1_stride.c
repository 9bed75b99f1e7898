/* backward.c -- Homework 3, problem 2 (backward pass)
 *
 * All loops are single loops over the flattened matrix, I found that
 * easier than two nested loops.  No BLAS needed.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t idx, s, c;

  if (N != cache->N || X->size2 != D || g->N != N) {
    return 1;
  }

  double *W1 = net->W1->data, *W2 = net->W2->data;
  double *dZ2 = g->dz2->data, *dW2 = g->dW2->data, *dB2 = g->db2->data;
  double *dP1 = g->dp1->data, *dZ1 = g->dz1->data;
  double *dW1 = g->dW1->data, *dB1 = g->db1->data;

  // 1) dZ2 = (softmax - onehot) / N
  for (idx = 0; idx < N * C; idx++) {
    double onehot = (idx % C == y[idx / C]) ? 1.0 : 0.0;
    dZ2[idx] = (cache->prob->data[idx] - onehot) / (double)N;
  }

  // 2) dW2 = P1^T dZ2 + 2*reg*W2,  entry (h, c) with idx = h*C + c
  for (idx = 0; idx < H * C; idx++) {
    size_t h = idx / C;
    c = idx % C;
    dW2[idx] = 2.0 * reg * W2[idx];
    for (s = 0; s < N; s++) {
      dW2[idx] += cache->p1->data[s * H + h] * dZ2[s * C + c];
    }
  }

  // 3) dB2
  for (c = 0; c < C; c++) {
    dB2[c] = 0.0;
  }
  for (idx = 0; idx < N * C; idx++) {
    dB2[idx % C] += dZ2[idx];
  }

  // 4) dP1 = dZ2 W2^T ,  entry (s, h) = sum_c dZ2(s, c) * W2(h, c)
  for (idx = 0; idx < N * H; idx++) {
    size_t row = idx / H, col = idx % H;
    double acc = 0.0;
    for (c = 0; c < C; c++) {
      acc += dZ2[row * C + c] * W2[c * H + col];
    }
    dP1[idx] = acc;
  }

  // 5) dZ1
  for (idx = 0; idx < N * H; idx++) {
    dZ1[idx] = cache->z1->data[idx] > 0.0 ? dP1[idx] : 0.0;
  }

  // 6) dW1 = X^T dZ1 + 2*reg*W1
  for (idx = 0; idx < D * H; idx++) {
    size_t d = idx / H, h = idx % H;
    double acc = 2.0 * reg * W1[idx];
    for (s = 0; s < N; s++) {
      acc += X->data[s * D + d] * dZ1[s * H + h];
    }
    dW1[idx] = acc;
  }

  // 7) dB1
  for (idx = 0; idx < H; idx++) {
    dB1[idx] = 0.0;
  }
  for (idx = 0; idx < N * H; idx++) {
    dB1[idx % H] += dZ1[idx];
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
