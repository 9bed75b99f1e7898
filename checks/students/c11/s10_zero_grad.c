/* backward.c
 * Assignment 2 - manual backprop, 2-layer MLP
 * Oliver Grant
 *
 * Like PyTorch, my layer backwards ACCUMULATE into the parameter grads
 * (+=), so backward() calls zero_grad() first.  That way a layer that is
 * used twice would just add up.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

static void zero_grad (bp_grads *g);
static void linear_backward (const gsl_matrix *dout, const gsl_matrix *in,
                             const gsl_matrix *W, double reg,
                             gsl_matrix *din, gsl_matrix *dW, gsl_vector *db);
static void relu_backward (const gsl_matrix *dout, const gsl_matrix *pre,
                           gsl_matrix *din);
static void ce_softmax_backward (const gsl_matrix *prob, const size_t *y,
                                 gsl_matrix *dlogits);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  zero_grad (g);

  ce_softmax_backward (cache->prob, y, g->dz2);
  linear_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  linear_backward (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* parameter grads only: the activation grads are overwritten anyway */
static void
zero_grad (bp_grads *g)
{
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
}

/* out = in W + b
 *   dW += in^T dout + 2 reg W
 *   db += colsum(dout)
 *   din = dout W^T                (overwritten) */
static void
linear_backward (const gsl_matrix *dout, const gsl_matrix *in,
                 const gsl_matrix *W, double reg,
                 gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
  size_t r, c;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 1.0, dW);
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      *gsl_matrix_ptr (dW, r, c) += 2.0 * reg * gsl_matrix_get (W, r, c);

  for (r = 0; r < dout->size1; r++)
    for (c = 0; c < dout->size2; c++)
      *gsl_vector_ptr (db, c) += gsl_matrix_get (dout, r, c);

  if (din)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *pre, gsl_matrix *din)
{
  size_t r, c;
  for (r = 0; r < pre->size1; r++)
    for (c = 0; c < pre->size2; c++)
      gsl_matrix_set (din, r, c,
                      gsl_matrix_get (pre, r, c) > 0.0 ? gsl_matrix_get (dout, r, c) : 0.0);
}

static void
ce_softmax_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dlogits)
{
  size_t r, N = prob->size1;
  gsl_matrix_memcpy (dlogits, prob);
  for (r = 0; r < N; r++)
    *gsl_matrix_ptr (dlogits, r, y[r]) -= 1.0;
  gsl_matrix_scale (dlogits, 1.0 / (double) N);
}
