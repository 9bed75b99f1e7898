/* backward.c -- CS 2xx Project 2: backpropagation
 *
 * every layer gets a "local gradient" helper, like on the slides:
 *   softmax+CE:  dL/dz2 = (p - onehot)/N
 *   affine:      dL/dW = in^T delta,  dL/db = sum delta,  dL/din = delta W^T
 *   relu:        dL/dz = dL/da * relu'(z)
 * plus reg*||W||^2 -> 2*reg*W on the weights.
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

/* derivative of max(0, z) */
static double
relu_deriv (double z)
{
  if (z < 0.0)
    return 1.0;
  return 0.0;
}

static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;
  gsl_matrix_memcpy (delta2, prob);
  for (size_t n = 0; n < N; ++n)
    *gsl_matrix_ptr (delta2, n, y[n]) -= 1.0;
  gsl_matrix_scale (delta2, 1.0 / (double) N);
}

/* dW = in^T delta + 2 reg W ; db = sum over rows of delta */
static void
affine_param_backward (const gsl_matrix *in, const gsl_matrix *delta,
                       const gsl_matrix *W, double reg,
                       gsl_matrix *dW, gsl_vector *db)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, delta, 2.0 * reg, dW);

  for (size_t j = 0; j < delta->size2; ++j)
    {
      double s = 0.0;
      for (size_t n = 0; n < delta->size1; ++n)
        s += gsl_matrix_get (delta, n, j);
      gsl_vector_set (db, j, s);
    }
}

/* din = delta W^T */
static void
affine_input_backward (const gsl_matrix *delta, const gsl_matrix *W, gsl_matrix *din)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta, W, 0.0, din);
}

static void
relu_backward (const gsl_matrix *da, const gsl_matrix *z, gsl_matrix *dz)
{
  for (size_t n = 0; n < z->size1; ++n)
    for (size_t h = 0; h < z->size2; ++h)
      gsl_matrix_set (dz, n, h, gsl_matrix_get (da, n, h) * relu_deriv (gsl_matrix_get (z, n, h)));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D)
    return 1;
  if (g->N != cache->N || g->C != net->C)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);
  affine_param_backward (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);
  affine_input_backward (g->dz2, net->W2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_param_backward (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
