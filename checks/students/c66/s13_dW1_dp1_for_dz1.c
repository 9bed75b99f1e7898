/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 * Homework 3, two-layer net, filled in below.
 *
 * Fill in the seven gradients below, in the order they are numbered: each
 * needs only the forward cache, the parameters and the gradients before
 * it.  The rules you are aiming at are listed in gradcheck(1), section
 * DESCRIPTION ("The correct rules are"); try to derive each one before you
 * look.  As shipped, every gradient is set to zero and gradcheck finds
 * all seven wrong: dz2, dW2 and dW1 are root causes "zero"; the others
 * are "inherited", because zero is right for them given a zero gradient
 * upstream.  Start with dz2.
 *
 * Build against the installed backprop, and check (see the Makefile):
 *   cc -shared -fPIC $(pkg-config --cflags backprop) -o backward.so backward.c
 *   gradcheck --backward ./backward.so
 *   gradcheck --backward ./backward.so --net 6,8,4 --batch 7
 * The first checks on the toy net; the second on a random 6-8-4 net with
 * 7 samples, where a mix-up of two dimensions cannot hide.
 *
 * Shapes: N samples (one per row), D inputs, H hidden units, C classes.
 *   X (N, D)            y (N), labels in 0 .. C-1     reg, a number
 *   net->W1 (D, H)      net->b1 (H)
 *   net->W2 (H, C)      net->b2 (C)
 *   cache->z1 (N, H)    = X W1 + b1, each row plus b1
 *   cache->p1 (N, H)    = relu(z1) = max(0, z1), entry by entry
 *   cache->z2 (N, C)    = p1 W2 + b2, the scores
 *   cache->prob (N, C)  = softmax(z2), row by row
 *   loss = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 * Note that there is no 1/2 in front of reg.
 *
 * All matrices are GSL's, row-major: read an entry with
 * gsl_matrix_get (A, i, j), write one with gsl_matrix_set (A, i, j, v);
 * vectors with gsl_vector_get (v, i) and gsl_vector_set (v, i, x).  Plain
 * loops are fine; gsl_blas_dgemm from <gsl/gsl_blas.h> is faster. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  size_t t2 = g->dz2->tda, th = g->dp1->tda;   /* dp1 and dz1 same shape */

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C), the gradient of the loss with respect to the scores
   *    z2.  It needs cache->prob, the labels y, and N (the loss is a
   *    mean over the batch). */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2[i * t2 + k] = cache->prob->data[i * cache->prob->tda + k] / N;
  for (i = 0; i < N; i++)
    dz2[i * t2 + y[i]] -= 1.0 / N;

  /* 2. dW2 (H, C), the gradient with respect to W2.  It needs cache->p1,
   *    dz2, and for the reg term reg and net->W2. */
  /* = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double s = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
      for (i = 0; i < N; i++)
        s += cache->p1->data[i * cache->p1->tda + j] * dz2[i * t2 + k];
      g->dW2->data[j * g->dW2->tda + k] = s;
    }

  /* 3. db2 (C), the gradient with respect to b2.  It needs dz2. */
  for (k = 0; k < C; k++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += dz2[i * t2 + k];
    g->db2->data[k * g->db2->stride] = s;
  }

  /* 4. dp1 (N, H), the gradient with respect to p1.  It needs dz2 and
   *    net->W2. */
  /* = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += dz2[i * t2 + k] * net->W2->data[j * net->W2->tda + k];
      dp1[i * th + j] = s;
    }

  /* 5. dz1 (N, H), the gradient with respect to z1, through the ReLU.  It
   *    needs dp1 and one of the cached tensors: think about which one
   *    decides whether the ReLU let its input through. */
  /* only where the relu was on */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i * th + j] = cache->z1->data[i * cache->z1->tda + j] > 0 ? dp1[i * th + j] : 0.0;

  /* 6. dW1 (D, H), the gradient with respect to W1.  It needs X, dz1,
   *    and for the reg term reg and net->W1. */
  /* = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double s = 2.0 * reg * net->W1->data[k * net->W1->tda + j];
      for (i = 0; i < N; i++)
        s += X->data[i * X->tda + k] * dp1[i * th + j];
      g->dW1->data[k * g->dW1->tda + j] = s;
    }

  /* 7. db1 (H), the gradient with respect to b1.  It needs dz1. */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += dz1[i * th + j];
    g->db1->data[j * g->db1->stride] = s;
  }

  /* Tell gradcheck which gradients hold values: all seven. */
  g->present = BP_GRADS_ALL;
  return 0;
}
