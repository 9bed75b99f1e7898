/* backward.c -- two-layer net backprop (Project 2)
 *
 * Version 3.  v1 used loops, v2 had a bug in db, this one uses BLAS for
 * every product.  Weight gradients: I put the regulariser in FIRST
 * (grad = 2 reg W) and let dgemm add the data term on top, saves a loop.
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

static int
check_shapes (const bp_net *net, const gsl_matrix *X, const bp_cache *cache,
              const bp_grads *g)
{
  if (X->size1 != cache->N) return 0;
  if (X->size2 != net->D) return 0;
  if (g->N != X->size1 || g->H != net->H || g->C != net->C) return 0;
  return 1;
}

/* delta2 = (prob - Y) / N */
static void
output_delta (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;
  gsl_matrix_memcpy (delta2, prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (delta2, i, y[i], gsl_matrix_get (prob, i, y[i]) - 1.0);
  gsl_matrix_scale (delta2, 1.0 / (double) N);
}

/* grad_W2 = 2 reg W2 + a1^T delta2 */
static void
grad_W2_blas (const gsl_matrix *a1, const gsl_matrix *delta2, const gsl_matrix *W2,
              double reg, gsl_matrix *grad_W2)
{
  gsl_matrix_memcpy (grad_W2, W2);
  gsl_matrix_scale (grad_W2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, a1, delta2, 1.0, grad_W2);
}

/* grad_W1 = 2 reg W1 + X^T delta1 */
static void
grad_W1_blas (const gsl_matrix *X, const gsl_matrix *delta1, const gsl_matrix *W1,
              double reg, gsl_matrix *grad_W1)
{
  gsl_matrix_memcpy (grad_W1, W1);
  gsl_matrix_scale (grad_W1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 0.0, grad_W1);
}

/* grad_b = 1^T delta */
static void
grad_bias (const gsl_matrix *delta, gsl_vector *grad_b)
{
  gsl_vector *ones = gsl_vector_alloc (delta->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, delta, ones, 0.0, grad_b);
  gsl_vector_free (ones);
}

/* delta1 = (delta2 W2^T) .* [z1 > 0]; dp1 kept in g because it is graded */
static void
hidden_delta (const gsl_matrix *delta2, const gsl_matrix *W2, const gsl_matrix *z1,
              gsl_matrix *dp1, gsl_matrix *delta1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, W2, 0.0, dp1);
  gsl_matrix_memcpy (delta1, dp1);
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) <= 0.0)
        gsl_matrix_set (delta1, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (!check_shapes (net, X, cache, g))
    return 1;

  output_delta (cache->prob, y, g->dz2);
  grad_W2_blas (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_bias (g->dz2, g->db2);

  hidden_delta (g->dz2, net->W2, cache->z1, g->dp1, g->dz1);
  grad_W1_blas (X, g->dz1, net->W1, reg, g->dW1);
  grad_bias (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
