/* backward.c -- CS 3410-ish assignment 4, two layer net backward pass
 *
 * Approach: I do the whole backward pass WITHOUT the 1/N first (so the
 * numbers stay "per sample sums") and only scale everything by 1/N at the
 * very end, then add the regularisation.  Also I don't trust cache->prob
 * (what if the forward pass was run with another batch?) so I recompute
 * softmax from z2 with the max trick.
 *
 *   loss = 1/N sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2)
 *
 *   G2 = softmax(z2) - onehot(y)           (unscaled dz2)
 *   dz2 = G2 / N
 *   dW2 = p1^T dz2 + 2 reg W2
 *   db2 = sum over rows of dz2
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* [z1 > 0]
 *   dW1 = X^T dz1 + 2 reg W1
 *   db1 = sum over rows of dz1
 *
 * everything is linear in G2 so scaling at the end is the same thing.
 */
#include <math.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* raw pointers + leading dims (tda, NOT size2 -- lecture 7) */
  const double *x  = X->data;            size_t ldx  = X->tda;
  const double *z1 = cache->z1->data;    size_t ldz1 = cache->z1->tda;
  const double *p1 = cache->p1->data;    size_t ldp1 = cache->p1->tda;
  const double *z2 = cache->z2->data;    size_t ldz2 = cache->z2->tda;
  const double *w1 = net->W1->data;      size_t ldw1 = net->W1->tda;
  const double *w2 = net->W2->data;      size_t ldw2 = net->W2->tda;

  double *dz2 = g->dz2->data;  size_t lddz2 = g->dz2->tda;
  double *dW2 = g->dW2->data;  size_t lddW2 = g->dW2->tda;
  double *db2 = g->db2->data;  size_t sdb2  = g->db2->stride;
  double *dp1 = g->dp1->data;  size_t lddp1 = g->dp1->tda;
  double *dz1 = g->dz1->data;  size_t lddz1 = g->dz1->tda;
  double *dW1 = g->dW1->data;  size_t lddW1 = g->dW1->tda;
  double *db1 = g->db1->data;  size_t sdb1  = g->db1->stride;

  /* ---- G2 = softmax(z2) - onehot, recomputed, stable ---- */
  for (size_t i = 0; i < N; i++) {
    const double *zr = z2 + i * ldz2;
    double *out = dz2 + i * lddz2;
    double mx = zr[0];
    for (size_t j = 1; j < C; j++)
      if (zr[j] > mx) mx = zr[j];
    double tot = 0.0;
    for (size_t j = 0; j < C; j++) {
      out[j] = exp(zr[j] - mx);
      tot += out[j];
    }
    for (size_t j = 0; j < C; j++)
      out[j] /= tot;
    out[y[i]] -= 1.0;
  }

  /* ---- dW2 = p1^T G2  (H x C), db2 = colsum G2 ---- */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++) {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += p1[i * ldp1 + h] * dz2[i * lddz2 + c];
      dW2[h * lddW2 + c] = acc;
    }
  for (size_t c = 0; c < C; c++) {
    double acc = 0.0;
    for (size_t i = 0; i < N; i++)
      acc += dz2[i * lddz2 + c];
    db2[c * sdb2] = acc;
  }

  /* ---- dp1 = G2 W2^T (N x H), dz1 = dp1 .* [z1 > 0] ---- */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double acc = 0.0;
      for (size_t c = 0; c < C; c++)
        acc += dz2[i * lddz2 + c] * w2[h * ldw2 + c];
      dp1[i * lddp1 + h] = acc;
      dz1[i * lddz1 + h] = (z1[i * ldz1 + h] > 0.0) ? acc : 0.0;
    }

  /* ---- dW1 = X^T dz1 (D x H), db1 = colsum dz1 ---- */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++) {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += x[i * ldx + d] * dz1[i * lddz1 + h];
      dW1[d * lddW1 + h] = acc;
    }
  for (size_t h = 0; h < H; h++) {
    double acc = 0.0;
    for (size_t i = 0; i < N; i++)
      acc += dz1[i * lddz1 + h];
    db1[h * sdb1] = acc;
  }

  /* ---- now the 1/N on everything, and the reg on the weights ---- */
  const double s = 1.0 / (double) N;
  for (size_t i = 0; i < N; i++) {
    for (size_t c = 0; c < C; c++) dz2[i * lddz2 + c] *= s;
    for (size_t h = 0; h < H; h++) {
      dp1[i * lddp1 + h] *= s;
      dz1[i * lddz1 + h] *= s;
    }
  }
  for (size_t h = 0; h < H; h++) {
    db1[h * sdb1] *= s;
    for (size_t c = 0; c < C; c++)
      dW2[h * lddW2 + c] = s * dW2[h * lddW2 + c] + 2.0 * reg * w2[h * ldw2 + c];
  }
  for (size_t c = 0; c < C; c++)
    db2[c * sdb2] *= s;
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      dW1[d * lddW1 + h] = s * dW1[d * lddW1 + h] + 2.0 * reg * w1[d * ldw1 + h];

  (void) p1; /* used above, silence my old warning */
  g->present = BP_GRADS_ALL;
  return 0;
}
