/* backward.c -- Project 2, part B (backward pass)
 *
 * gradients, lecture notation:
 *   delta2  = (yhat - Y)/N              (N x C)
 *   grad_W2 = a1^T delta2 + 2 reg W2    (H x C)
 *   grad_b2 = colsum(delta2)            (C)
 *   dp1     = delta2 W2^T               (N x H)
 *   delta1  = dp1 * [z1 > 0]            (N x H)
 *   grad_W1 = a0^T delta1 + 2 reg W1    (D x H)
 *   grad_b1 = colsum(delta1)            (H)
 *
 * TODO(me): free-standing test with a tiny 2-2-2 net
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad = in^T delta, for both layers.  in is (N x ?), delta (N x M) */
static void
grad_weights (const gsl_matrix *in, const gsl_matrix *delta, gsl_matrix *grad)
{
  assert (in->size1 == delta->size1);
  for (size_t r = 0; r < grad->size1; r++)
    for (size_t c = 0; c < grad->size2; c++)
      {
        double s = 0.0;
        for (size_t n = 0; n < in->size1; n++)
          s += gsl_matrix_get (in, n, r) * gsl_matrix_get (delta, n, c);
        gsl_matrix_set (grad, r, c, s);
      }
}

static void
grad_add_l2 (const gsl_matrix *W, double reg, gsl_matrix *grad)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t c = 0; c < W->size2; c++)
      *gsl_matrix_ptr (grad, r, c) += 2.0 * reg * gsl_matrix_get (W, r, c);
}

static void
grad_bias (const gsl_matrix *delta, gsl_vector *grad)
{
  for (size_t c = 0; c < delta->size2; c++)
    {
      double s = 0.0;
      for (size_t n = 0; n < delta->size1; n++)
        s += gsl_matrix_get (delta, n, c);
      gsl_vector_set (grad, c, s);
    }
}

static void
grad_delta2 (const gsl_matrix *yhat, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = yhat->size1;
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < yhat->size2; c++)
      gsl_matrix_set (delta2, n, c,
                      (gsl_matrix_get (yhat, n, c) - (double) (c == y[n])) / (double) N);
}

static void
grad_dp1 (const gsl_matrix *delta2, const gsl_matrix *W2, gsl_matrix *dp1)
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

static void
grad_delta1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t n = 0; n < z1->size1; n++)
    for (size_t h = 0; h < z1->size2; h++)
      gsl_matrix_set (delta1, n, h,
                      gsl_matrix_get (z1, n, h) > 0.0 ? gsl_matrix_get (dp1, n, h) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N == 0 || N != cache->N)
    return 1;
  if (X->size2 != net->D || g->N != N)
    return 1;

  /* output layer */
  grad_delta2 (cache->prob, y, g->dz2);
  grad_weights (cache->p1, g->dz2, g->dW2);
  grad_add_l2 (net->W2, reg, g->dW2);
  grad_bias (g->dz2, g->db2);

  /* hidden layer */
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_delta1 (g->dp1, cache->z1, g->dz1);
  grad_weights (cache->p1, g->dz1, g->dW1);
  grad_add_l2 (net->W1, reg, g->dW1);
  grad_bias (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
