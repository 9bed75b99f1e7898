/* backward.c -- Project 2: the backward pass of the two-layer net.
 *
 * Notation (slides):   X --W1,b1--> z1 --relu--> a1 --W2,b2--> z2 --softmax--> yhat
 *
 *   delta2  = (yhat - Y) / N
 *   grad_W2 = a1^T delta2 + 2 reg W2      grad_b2 = sum_rows delta2
 *   grad_a1 = delta2 W2^T
 *   delta1  = grad_a1 (.) 1[z1 > 0]
 *   grad_W1 = X^T delta1 + 2 reg W1       grad_b1 = sum_rows delta1
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B  (the weight gradients) */
static void
mat_mul_at (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t i = 0; i < out->size1; i++)
    for (size_t j = 0; j < out->size2; j++)
      {
        double sum = 0.0;
        for (size_t k = 0; k < A->size1; k++)
          sum += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (out, i, j, sum);
      }
}

/* out = A B^T  (going back through a weight matrix) */
static void
mat_mul_bt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  assert (A->size2 == B->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t k = 0; k < A->size2; k++)
      for (size_t j = 0; j < B->size1; j++)
        gsl_matrix_set (out, i, j, gsl_matrix_get (out, i, j)
                                   + gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k));
}

/* W_grad += 2 reg W */
static void
add_reg (const gsl_matrix *W, double reg, gsl_matrix *W_grad)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (W_grad, i, j,
                      gsl_matrix_get (W_grad, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

static void
sum_rows (const gsl_matrix *delta, gsl_vector *b_grad)
{
  gsl_vector_set_zero (b_grad);
  for (size_t i = 0; i < delta->size1; i++)
    for (size_t j = 0; j < delta->size2; j++)
      gsl_vector_set (b_grad, j, gsl_vector_get (b_grad, j) + gsl_matrix_get (delta, i, j));
}

static void
softmax_loss_grad (const gsl_matrix *yhat, const size_t *y, gsl_matrix *delta2)
{
  const double invN = 1.0 / (double) yhat->size1;
  for (size_t i = 0; i < yhat->size1; i++)
    for (size_t c = 0; c < yhat->size2; c++)
      {
        const double target = (c == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (delta2, i, c, (gsl_matrix_get (yhat, i, c) - target) * invN);
      }
}

static void
relu_grad (const gsl_matrix *grad_a1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      {
        const double on = gsl_matrix_get (z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (delta1, i, j, on * gsl_matrix_get (grad_a1, i, j));
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N)
    return 1;
  if (X->size2 != net->D || g->N != N || g->H != net->H)
    return 1;

  softmax_loss_grad (cache->prob, y, g->dz2);

  mat_mul_at (cache->p1, g->dz2, g->dW2);
  add_reg (net->W2, reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  mat_mul_bt (g->dz2, net->W2, g->dp1);
  relu_grad (g->dp1, cache->z1, g->dz1);

  mat_mul_at (X, g->dz1, g->dW1);
  add_reg (net->W1, reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
