/* backward.c -- ML homework 5, problem 2 (backprop)
 *
 * Semi-vectorised, like the ex4 "for t = 1:m" version I did in Octave:
 * the per-example deltas are vectorised over the batch, the weight
 * gradients are accumulated example by example with rank-1 updates
 * (gsl_blas_dger), and the bias gradients by adding rows.
 *
 *   Delta1 = zeros(size(W1)); Delta2 = zeros(size(W2));
 *   db1 = zeros(size(b1));    db2 = zeros(size(b2));
 *   for t = 1:m
 *     Delta2 = Delta2 + a2(t,:)' * dz2(t,:);   db2 = db2 + dz2(t,:)';
 *     Delta1 = Delta1 + x(t,:)'  * dz1(t,:);   db1 = db1 + dz1(t,:)';
 *   end
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define GET1(A, i, j)    gsl_matrix_get (A, (i) - 1, (j) - 1)
#define SET1(A, i, j, x) gsl_matrix_set (A, (i) - 1, (j) - 1, x)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, H = net->H, C = net->C;
  size_t t, j;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  /* Delta1 = zeros(size(W1)); Delta2 = zeros(size(W2)); ... */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db2);

  /* dz2 = (prob - Y) / m */
  for (t = 1; t <= m; t++)
    for (j = 1; j <= C; j++)
      SET1 (g->dz2, t, j,
            (GET1 (cache->prob, t, j) - (j == y[t - 1] + 1 ? 1.0 : 0.0)) / (double) m);

  /* dp1 = dz2 * W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0) */
  for (t = 1; t <= m; t++)
    for (j = 1; j <= H; j++)
      SET1 (g->dz1, t, j, GET1 (cache->z1, t, j) > 0.0 ? GET1 (g->dp1, t, j) : 0.0);

  /* for t = 1:m ... end */
  for (t = 1; t <= m; t++)
    {
      gsl_vector_const_view a2t = gsl_matrix_const_row (cache->p1, t - 1);
      gsl_vector_const_view xt  = gsl_matrix_const_row (X, t - 1);
      gsl_vector_const_view d3t = gsl_matrix_const_row (g->dz2, t - 1);
      gsl_vector_const_view d2t = gsl_matrix_const_row (g->dz1, t - 1);

      gsl_blas_dger (1.0, &a2t.vector, &d3t.vector, g->dW2);
      gsl_vector_add (g->db2, &d3t.vector);
      gsl_blas_dger (1.0, &xt.vector, &d2t.vector, g->dW1);
      gsl_vector_add (g->db1, &d2t.vector);
    }

  /* regularisation, 2*lambda*W (the loss has reg*|W|^2) */
  gsl_matrix *R = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (R, net->W2);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (g->dW2, R);
  gsl_matrix_free (R);

  R = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (R, net->W1);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (g->dW1, R);
  gsl_matrix_free (R);

  g->present = BP_GRADS_ALL;
  return 0;
}
