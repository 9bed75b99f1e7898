/* backward.c -- Project 2 (neural net from scratch), backward pass.
 *
 * I use GSL vector views a lot here (row/column views) instead of index
 * loops, the TA said it's cleaner.
 *
 *   delta2 = (softmax(z2) - Y)/N     grad_W2 = a1^T delta2 + 2 reg W2
 *   grad_b2 = sum_i delta2[i,:]      dp1 = delta2 W2^T
 *   delta1 = dp1 * (z1 > 0)          grad_W1 = X^T delta1 + 2 reg W1
 *   grad_b1 = sum_i delta1[i,:]
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

static double
vec_sum (const gsl_vector *v)
{
  double s = 0.0;
  for (size_t k = 0; k < v->size; k++)
    s += gsl_vector_get (v, k);
  return s;
}

static void
make_delta2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (prob, i);
      gsl_vector_view d = gsl_matrix_row (delta2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / (double) N);
    }
}

/* grad_W = A^T delta + 2 reg W, one entry = dot product of two columns */
static void
make_grad_W (const gsl_matrix *A, const gsl_matrix *delta, const gsl_matrix *W,
             double reg, gsl_matrix *grad_W)
{
  for (size_t r = 0; r < grad_W->size1; r++)
    for (size_t c = 0; c < grad_W->size2; c++)
      {
        gsl_vector_const_view a_col = gsl_matrix_const_column (A, r);
        gsl_vector_const_view d_col = gsl_matrix_const_column (delta, c);
        double dot;
        gsl_blas_ddot (&a_col.vector, &d_col.vector, &dot);
        gsl_matrix_set (grad_W, r, c, dot + 2.0 * reg * gsl_matrix_get (W, r, c));
      }
}

/* grad_b2[j] = sum over samples of delta2[:, j] */
static void
make_grad_b2 (const gsl_matrix *delta2, gsl_vector *grad_b2)
{
  for (size_t j = 0; j < grad_b2->size; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_row (delta2, j);
      gsl_vector_set (grad_b2, j, vec_sum (&col.vector));
    }
}

/* dp1[i, :] = W2 delta2[i, :] */
static void
make_dp1 (const gsl_matrix *delta2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < delta2->size1; i++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (delta2, i);
      gsl_vector_view out = gsl_matrix_row (dp1, i);
      gsl_blas_dgemv (CblasNoTrans, 1.0, W2, &d.vector, 0.0, &out.vector);
    }
}

static void
make_delta1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *delta1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t j = 0; j < z1->size2; j++)
      gsl_matrix_set (delta1, i, j,
                      (gsl_matrix_get (z1, i, j) > 0.0) * gsl_matrix_get (dp1, i, j));
}

/* grad_b1: same as b2 but for the hidden layer */
static void
make_grad_b1 (const gsl_matrix *delta1, gsl_vector *grad_b1)
{
  for (size_t h = 0; h < grad_b1->size; h++)
    {
      double s = 0.0;
      for (size_t i = 0; i < delta1->size1; i++)
        s += gsl_matrix_get (delta1, i, h);
      gsl_vector_set (grad_b1, h, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;

  if (N != cache->N || g->N != N)
    return 1;
  if (X->size2 != net->D)
    return 1;

  make_delta2 (cache->prob, y, g->dz2);
  make_grad_W (cache->p1, g->dz2, net->W2, reg, g->dW2);
  make_grad_b2 (g->dz2, g->db2);
  make_dp1 (g->dz2, net->W2, g->dp1);
  make_delta1 (g->dp1, cache->z1, g->dz1);
  make_grad_W (X, g->dz1, net->W1, reg, g->dW1);
  make_grad_b1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
