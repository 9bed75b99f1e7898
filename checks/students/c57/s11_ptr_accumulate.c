/* ===================================================================
 *  backward.c  --  AI Engineering bootcamp, assignment 6
 *
 *  Backward pass for:  X -> affine(W1,b1) -> relu -> affine(W2,b2) -> softmax
 *
 *  Every matrix product is written as "+=" into the output, the way the
 *  matrix-multiplication exercise in week 2 did it, with
 *  gsl_matrix_ptr() so I don't need get + set.  All the parameter
 *  gradients are zeroed first.
 * =================================================================== */

#include <stdbool.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* the four parameter gradients, so I can zero them in one loop */
#define N_PARAM_GRADS 4

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return 1;

  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // ---- zero the parameter gradients (they are accumulated with +=) ----
  gsl_matrix *pmats[2] = { g->dW1, g->dW2 };
  gsl_vector *pvecs[2] = { g->db1, g->db2 };
  for (int t = 0; t < N_PARAM_GRADS / 2; t++) {
    gsl_matrix_set_zero(pmats[t]);
    gsl_vector_set_zero(pvecs[t]);
  }

  // ---- (1) dz2 = (prob - onehot) / N ----
  for (size_t i = 0; i < N; i++) {
    for (size_t k = 0; k < C; k++) {
      double onehot = (k == y[i]) ? 1.0 : 0.0;
      *gsl_matrix_ptr(g->dz2, i, k) = (gsl_matrix_get(cache->prob, i, k) - onehot) / (double) N;
    }
  }

  // ---- (2) dW2 += p1^T dz2,  (3) db2 += dz2 ----
  for (size_t i = 0; i < N; i++) {
    for (size_t k = 0; k < C; k++) {
      double d = gsl_matrix_get(g->dz2, i, k);
      for (size_t h = 0; h < H; h++)
        *gsl_matrix_ptr(g->dW2, h, k) += gsl_matrix_get(cache->p1, i, h) * d;
      *gsl_vector_ptr(g->db2, k) += d;
    }
  }

  // ---- (4) dp1 += dz2 W2^T ----
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      for (size_t k = 0; k < C; k++)
        *gsl_matrix_ptr(g->dp1, i, h) += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, h, k);

  // ---- (5) dz1 = dp1 * [z1 > 0] ----
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      bool pass = gsl_matrix_get(cache->z1, i, h) > 0.0;
      *gsl_matrix_ptr(g->dz1, i, h) = pass ? gsl_matrix_get(g->dp1, i, h) : 0.0;
    }

  // ---- (6) dW1 += X^T dz1,  (7) db1 += dz1 ----
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double d = gsl_matrix_get(g->dz1, i, h);
      for (size_t j = 0; j < D; j++)
        *gsl_matrix_ptr(g->dW1, j, h) += gsl_matrix_get(X, i, j) * d;
      *gsl_vector_ptr(g->db1, h) += d;
    }

  // ---- L2 on the weights ----
  for (size_t h = 0; h < H; h++)
    for (size_t k = 0; k < C; k++)
      *gsl_matrix_ptr(g->dW2, h, k) += 2.0 * reg * gsl_matrix_get(net->W2, h, k);
  for (size_t j = 0; j < D; j++)
    for (size_t h = 0; h < H; h++)
      *gsl_matrix_ptr(g->dW1, j, h) += 2.0 * reg * gsl_matrix_get(net->W1, j, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
