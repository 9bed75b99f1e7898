/* backward.c -- Project 2 (two-layer net), part B: the backward pass.
 *
 * Notation follows the lecture slides (week 7):
 *   a0 = X, z1 = a0 W1 + b1, a1 = relu(z1), z2 = a1 W2 + b2, yhat = softmax(z2)
 *   delta2 = dL/dz2, delta1 = dL/dz1
 *
 * I do NOT trust the cached prob (it was off in my forward pass for a while),
 * so softmax is recomputed here from z2 with the max-subtraction trick.
 * Everything is computed WITHOUT the 1/N first and scaled at the very end,
 * like in the slides ("sum first, average later").  All seven gradients are
 * linear in delta2 so this is the same thing. */

#include <assert.h>
#include <math.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ---- small helpers ------------------------------------------------------ */

/* row i of out = softmax(row i of z), stable version */
static void
softmax_row (const gsl_matrix *z, size_t i, gsl_matrix *out)
{
  const size_t C = z->size2;
  double zmax = gsl_matrix_get (z, i, 0);
  for (size_t j = 1; j < C; j++)
    if (gsl_matrix_get (z, i, j) > zmax)
      zmax = gsl_matrix_get (z, i, j);

  double total = 0.0;
  for (size_t j = 0; j < C; j++)
    {
      double e = exp (gsl_matrix_get (z, i, j) - zmax);
      gsl_matrix_set (out, i, j, e);
      total += e;
    }
  for (size_t j = 0; j < C; j++)
    gsl_matrix_set (out, i, j, gsl_matrix_get (out, i, j) / total);
}

/* delta2 = yhat - onehot(y)   (no 1/N here!) */
static void
compute_delta2 (const gsl_matrix *z2, const size_t *y, gsl_matrix *delta2)
{
  for (size_t i = 0; i < z2->size1; i++)
    {
      softmax_row (z2, i, delta2);
      assert (y[i] < z2->size2);
      gsl_matrix_set (delta2, i, y[i], gsl_matrix_get (delta2, i, y[i]) - 1.0);
    }
}

/* grad = a^T delta, a is (N, K), delta is (N, M), grad is (K, M) */
static void
weight_grad (const gsl_matrix *a, const gsl_matrix *delta, gsl_matrix *grad)
{
  const size_t N = a->size1;
  for (size_t k = 0; k < grad->size1; k++)
    for (size_t m = 0; m < grad->size2; m++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (a, n, k) * gsl_matrix_get (delta, n, m);
        gsl_matrix_set (grad, k, m, s);
      }
}

/* grad_b[m] = sum over samples of delta[n][m] */
static void
bias_grad (const gsl_matrix *delta, gsl_vector *grad_b)
{
  for (size_t m = 0; m < delta->size2; m++)
    {
      double s = 0.0;
      for (size_t n = 0; n < delta->size1; n++)
        s += gsl_matrix_get (delta, n, m);
      gsl_vector_set (grad_b, m, s);
    }
}

/* dp1 = delta2 W2^T : (N, C) x (C, H) */
static void
backprop_W2 (const gsl_matrix *delta2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t n = 0; n < dp1->size1; n++)
    for (size_t h = 0; h < dp1->size2; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < delta2->size2; c++)
          s += gsl_matrix_get (delta2, n, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dp1, n, h, s);
      }
}

/* delta1 = dp1 .* relu'(z1) */
static void
relu_back (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t n = 0; n < z1->size1; n++)
    for (size_t h = 0; h < z1->size2; h++)
      {
        double d = gsl_matrix_get (z1, n, h) > 0.0 ? gsl_matrix_get (dp1, n, h) : 0.0;
        gsl_matrix_set (delta1, n, h, d);
      }
}

/* the "average later" part: every gradient gets the 1/N */
static void
scale_everything (bp_grads *g, double s)
{
  gsl_matrix_scale (g->dz2, s);
  gsl_matrix_scale (g->dW2, s);
  gsl_vector_scale (g->db2, s);
  gsl_matrix_scale (g->dp1, s);
  gsl_matrix_scale (g->dz1, s);
  gsl_matrix_scale (g->dW1, s);
  gsl_vector_scale (g->db1, s);
}

/* grad += d/dW of reg*|W|^2 = 2 reg W */
static void
add_weight_decay (const gsl_matrix *W, double reg, gsl_matrix *grad)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (grad, i, j,
                      gsl_matrix_get (grad, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

/* ---- the backward pass -------------------------------------------------- */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N == 0 || N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (cache->H != net->H || cache->C != net->C)
    return 1;

  compute_delta2 (cache->z2, y, g->dz2);          /* N x C */
  weight_grad (cache->p1, g->dz2, g->dW2);         /* H x C */
  bias_grad (g->dz2, g->db2);                      /* C     */
  backprop_W2 (g->dz2, net->W2, g->dp1);           /* N x H */
  relu_back (g->dp1, cache->z1, g->dz1);           /* N x H */
  weight_grad (X, g->dz1, g->dW1);                 /* D x H */
  bias_grad (g->dz1, g->db1);                      /* H     */

  /* now the mean over the batch, then the regulariser (which has no 1/N) */
  scale_everything (g, 1.0 / (double) N);
  add_weight_decay (net->W2, reg, g->dW2);
  add_weight_decay (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
