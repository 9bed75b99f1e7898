/* backward.c -- two-layer net, backward pass with GSL BLAS.
 *
 * CS2 Project 2.  Uses gsl_blas_dgemm / dgemv for all the products.
 * Shapes (lecture notation): X (N,D), W1 (D,H), a1 (N,H), W2 (H,C).
 *
 * Note to TA: for the ReLU I use a1 > 0 instead of z1 > 0.  a1 = max(0, z1)
 * so a1 > 0 exactly when z1 > 0, and this way I only read one cached matrix. */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
shapes_ok (const bp_net *net, const gsl_matrix *X, const bp_cache *cache,
           const bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D)
    return 0;
  if (g->N != X->size1 || g->D != net->D || g->H != net->H || g->C != net->C)
    return 0;
  return 1;
}

/* delta2 = (prob - Y) / N where Y is the one-hot label matrix */
static void
grad_scores (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;
  gsl_matrix_memcpy (delta2, prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (delta2, i, y[i]) -= 1.0;
  gsl_matrix_scale (delta2, 1.0 / (double) N);
}

/* grad_W = a^T delta + 2 reg W  (reg term first, dgemm adds with beta = 1) */
static void
grad_weights (const gsl_matrix *a, const gsl_matrix *delta,
              const gsl_matrix *W, double reg, gsl_matrix *grad_W)
{
  gsl_matrix_memcpy (grad_W, W);
  gsl_matrix_scale (grad_W, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a, delta, 1.0, grad_W);
}

/* grad_b = delta^T 1  (sum over the N rows) */
static void
grad_bias (const gsl_matrix *delta, gsl_vector *grad_b)
{
  gsl_vector *ones = gsl_vector_alloc (delta->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, delta, ones, 0.0, grad_b);
  gsl_vector_free (ones);
}

/* da = delta W^T */
static void
grad_input (const gsl_matrix *delta, const gsl_matrix *W, gsl_matrix *da)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta, W, 0.0, da);
}

/* delta1 = da1 * 1[a1 > 0] */
static void
grad_relu (const gsl_matrix *da1, const gsl_matrix *a1, gsl_matrix *delta1)
{
  for (size_t i = 0; i < a1->size1; i++)
    for (size_t j = 0; j < a1->size2; j++)
      gsl_matrix_set (delta1, i, j,
                      gsl_matrix_get (a1, i, j) > 0.0 ? gsl_matrix_get (da1, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (!shapes_ok (net, X, cache, g))
    return 1;

  grad_scores (cache->prob, y, g->dz2);
  grad_weights (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_bias (g->dz2, g->db2);
  grad_input (g->dz2, net->W2, g->dp1);
  grad_relu (g->dp1, cache->p1, g->dz1);
  grad_weights (X, g->dz1, net->W1, reg, g->dW1);
  grad_bias (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
