/* backward.c -- CS2 project 2, backprop for the 2-layer net
 *
 * dL/dz2 = (softmax - onehot) / N                       <- lecture 7 slide 23
 * then the usual chain rule through W2, relu, W1.
 *
 * helpers: one per gradient, each one writes its own output.
 * TODO: maybe switch the loops to gsl_blas later, it's fine for now.
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* delta2 = dL/dz2 */
static void
compute_delta2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;

  gsl_matrix_memcpy (delta2, prob);
  gsl_matrix_scale (delta2, 1.0 / (double) N);   /* average over the batch */

  for (size_t i = 0; i < N; i++)
    {
      /* subtract the one-hot label */
      const double v = gsl_matrix_get (delta2, i, y[i]);
      gsl_matrix_set (delta2, i, y[i], v - 1.0);
    }
}

/* grad_W2 = a1^T delta2 + 2 reg W2 */
static void
compute_grad_W2 (const gsl_matrix *a1, const gsl_matrix *delta2,
                 const gsl_matrix *W2, double reg, gsl_matrix *grad_W2)
{
  for (size_t h = 0; h < grad_W2->size1; h++)
    for (size_t c = 0; c < grad_W2->size2; c++)
      {
        double sum = 0.0;
        for (size_t i = 0; i < a1->size1; i++)
          sum += gsl_matrix_get (a1, i, h) * gsl_matrix_get (delta2, i, c);
        gsl_matrix_set (grad_W2, h, c, sum + 2.0 * reg * gsl_matrix_get (W2, h, c));
      }
}

/* grad_b = sum of delta over the rows (samples) */
static void
compute_grad_b (const gsl_matrix *delta, gsl_vector *grad_b)
{
  for (size_t j = 0; j < delta->size2; j++)
    {
      double sum = 0.0;
      for (size_t i = 0; i < delta->size1; i++)
        sum += gsl_matrix_get (delta, i, j);
      gsl_vector_set (grad_b, j, sum);
    }
}

/* dp1 = delta2 W2^T */
static void
compute_dp1 (const gsl_matrix *delta2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < dp1->size1; i++)
    for (size_t h = 0; h < dp1->size2; h++)
      {
        double sum = 0.0;
        for (size_t c = 0; c < W2->size2; c++)
          sum += gsl_matrix_get (delta2, i, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dp1, i, h, sum);
      }
}

/* delta1 = dp1 * relu'(z1) */
static void
compute_delta1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t h = 0; h < z1->size2; h++)
      {
        const double mask = gsl_matrix_get (z1, i, h) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (delta1, i, h, mask * gsl_matrix_get (dp1, i, h));
      }
}

/* grad_W1 = X^T delta1 + 2 reg W1 */
static void
compute_grad_W1 (const gsl_matrix *X, const gsl_matrix *delta1,
                 const gsl_matrix *W1, double reg, gsl_matrix *grad_W1)
{
  for (size_t d = 0; d < grad_W1->size1; d++)
    for (size_t h = 0; h < grad_W1->size2; h++)
      {
        double sum = 0.0;
        for (size_t i = 0; i < X->size1; i++)
          sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (delta1, i, h);
        gsl_matrix_set (grad_W1, d, h, sum + 2.0 * reg * gsl_matrix_get (W1, d, h));
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  compute_delta2 (cache->prob, y, g->dz2);
  compute_grad_W2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  compute_grad_b (g->dz2, g->db2);
  compute_dp1 (g->dz2, net->W2, g->dp1);
  compute_delta1 (g->dp1, cache->z1, g->dz1);
  compute_grad_W1 (X, g->dz1, net->W1, reg, g->dW1);
  compute_grad_b (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
