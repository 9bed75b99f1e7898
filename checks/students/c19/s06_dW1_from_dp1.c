/*
 * Assignment 1 / Q3 -- backward pass for the 2-layer ReLU net
 * student: Arjun Mehta
 *
 * Plan (from my notes):
 *   dz2 = (prob - Y)/N
 *   dW2 = p1^T dz2 + 2*reg*W2       db2 = colsum(dz2)
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* (z1 > 0)
 *   dW1 = X^T dz1 + 2*reg*W1        db1 = colsum(dz1)
 * matmul_AtB and col_sum are shared by both layers.
 */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
}

/* out_j = sum_i A_ij */
static void
col_sum (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
}

static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t N = prob->size1;
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < prob->size2; k++)
      {
        double t = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (dz2, i, k, (gsl_matrix_get (prob, i, k) - t) / N);
      }
}

static void
grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
          double reg, gsl_matrix *dW2)
{
  matmul_AtB (p1, dz2, dW2);
  for (size_t h = 0; h < W2->size1; h++)
    for (size_t c = 0; c < W2->size2; c++)
      *gsl_matrix_ptr (dW2, h, c) += 2 * reg * gsl_matrix_get (W2, h, c);
}

static void
grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  col_sum (dz2, db2);
}

static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  gsl_matrix_memcpy (dz1, dp1);
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t h = 0; h < z1->size2; h++)
      if (gsl_matrix_get (z1, i, h) <= 0)
        gsl_matrix_set (dz1, i, h, 0);
}

static void
grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
          double reg, gsl_matrix *dW1)
{
  matmul_AtB (X, dz1, dW1);
  for (size_t d = 0; d < W1->size1; d++)
    for (size_t h = 0; h < W1->size2; h++)
      *gsl_matrix_ptr (dW1, d, h) += 2 * reg * gsl_matrix_get (W1, d, h);
}

static void
grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  col_sum (dz1, db1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  /* second layer */
  grad_dz2 (cache->prob, y, g->dz2);
  grad_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_db2 (g->dz2, g->db2);

  /* back into the hidden layer */
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);

  /* first layer */
  grad_dW1 (X, g->dp1, net->W1, reg, g->dW1);
  grad_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
