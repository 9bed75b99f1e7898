/* backward.c
 * Two-layer network -- backpropagation (Project 2, part 3)
 *
 * My plan: first walk the chain backwards and get all the "deltas"
 * (dz2 -> dp1 -> dz1), THEN do the parameter gradients of both layers with
 * one function (layer_param_grads), because the affine layer is the same
 * thing twice:   dW = input^T delta + 2*lambda*W,   db = colsum(delta).
 */

#include <assert.h>
#include <stddef.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 = prob/N - onehot/N, written entry by entry */
static void
delta2_from_prob (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  const size_t N = prob->size1, C = prob->size2;
  const double invN = 1.0 / (double) N;

  for (size_t i = 0; i < N; ++i)
    for (size_t c = 0; c < C; ++c)
      {
        double v = gsl_matrix_get (prob, i, c) * invN;
        if (c == y[i])
          v -= invN;
        gsl_matrix_set (dz2, i, c, v);
      }
}

/* dp1[i][h] = sum_c dz2[i][c] * W2[h][c] */
static void
delta_to_prev_layer (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  assert (dz2->size2 == W2->size2);
  gsl_matrix_set_zero (dp1);
  for (size_t i = 0; i < dp1->size1; ++i)
    for (size_t c = 0; c < dz2->size2; ++c)
      {
        const double d = gsl_matrix_get (dz2, i, c);
        for (size_t h = 0; h < dp1->size2; ++h)
          *gsl_matrix_ptr (dp1, i, h) += d * gsl_matrix_get (W2, h, c);
      }
}

/* dz1 = dp1, then kill the entries where the unit was off (z1 <= 0) */
static void
delta1_through_relu (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  gsl_matrix_memcpy (dz1, dp1);
  for (size_t i = 0; i < z1->size1; ++i)
    for (size_t h = 0; h < z1->size2; ++h)
      if (!(gsl_matrix_get (z1, i, h) > 0.0))
        gsl_matrix_set (dz1, i, h, 0.0);
}

/* One affine layer:  dW = in^T delta + 2 lambda W,  db = sum_i delta[i][:]
 * in (N, K), delta (N, M), W and dW (K, M), db (M) */
static void
layer_param_grads (const gsl_matrix *in, const gsl_matrix *delta,
                   const gsl_matrix *W, double lambda,
                   gsl_matrix *dW, gsl_vector *db)
{
  const size_t N = in->size1, K = in->size2, M = delta->size2;

  /* start from the regulariser: d/dW lambda*|W|^2 = (lambda + lambda) W */
  for (size_t k = 0; k < K; ++k)
    for (size_t m = 0; m < M; ++m)
      gsl_matrix_set (dW, k, m, (lambda + lambda) * gsl_matrix_get (W, k, m));
  gsl_vector_set_zero (db);

  /* then add one sample at a time */
  for (size_t i = 0; i < N; ++i)
    for (size_t m = 0; m < M; ++m)
      {
        const double d = gsl_matrix_get (delta, i, m);
        *gsl_vector_ptr (db, m) += d;
        for (size_t k = 0; k < K; ++k)
          *gsl_matrix_ptr (dW, k, m) += gsl_matrix_get (in, i, k) * d;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N != cache->N)
    return 1;
  if (X->size2 != net->D)
    return 1;
  if (g->N != N || g->H != net->H || g->C != net->C)
    return 1;

  /* the deltas, output to input */
  delta2_from_prob (cache->prob, y, g->dz2);
  delta_to_prev_layer (g->dz2, net->W2, g->dp1);
  delta1_through_relu (g->dp1, cache->z1, g->dz1);

  /* the parameters, layer 2 then layer 1 */
  layer_param_grads (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);
  layer_param_grads (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
