/* backward.c
 *
 * Backward pass, two-layer classifier.  Project 2 / CS 2xx.
 * I wrote it with gsl_blas because the loops were too slow for the
 * training part (part C).
 *
 *   delta2  = (yhat - Y) / N
 *   grad_W2 = a1' delta2 + 2 reg W2        grad_b2 = 1' delta2
 *   da1     = delta2 W2'
 *   delta1  = da1 .* (z1 > 0)
 *   grad_W1 = X' delta1 + 2 reg W1         grad_b1 = 1' delta1
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* 1/N, the loss is a mean over the batch */
static double
batch_scale (const gsl_matrix *X)
{
  return 1.0 / (double) X->size2;
}

static void
delta2_compute (const gsl_matrix *yhat, const size_t *y, double scale,
                gsl_matrix *delta2)
{
  gsl_matrix_memcpy (delta2, yhat);
  for (size_t i = 0; i < yhat->size1; ++i)
    *gsl_matrix_ptr (delta2, i, y[i]) -= 1.0;
  gsl_matrix_scale (delta2, scale);
}

/* grad_W = A' delta + 2 reg W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *delta, const gsl_matrix *W,
             double reg, gsl_matrix *grad_W)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, delta, 0.0, grad_W);
  for (size_t i = 0; i < W->size1; ++i)
    for (size_t j = 0; j < W->size2; ++j)
      *gsl_matrix_ptr (grad_W, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

static void
bias_grad (const gsl_matrix *delta, gsl_vector *grad_b)
{
  gsl_vector_set_zero (grad_b);
  for (size_t i = 0; i < delta->size1; ++i)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (delta, i);
      gsl_vector_add (grad_b, &row.vector);
    }
}

static void
relu_grad (const gsl_matrix *da1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  gsl_matrix_memcpy (delta1, da1);
  for (size_t i = 0; i < z1->size1; ++i)
    for (size_t j = 0; j < z1->size2; ++j)
      if (gsl_matrix_get (z1, i, j) <= 0.0)
        gsl_matrix_set (delta1, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D)
    return 1;
  if (g->N != X->size1)
    return 1;

  const double scale = batch_scale (X);

  delta2_compute (cache->prob, y, scale, g->dz2);
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  relu_grad (g->dp1, cache->z1, g->dz1);
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
