/*
 * backward.c -- Homework 4, question 3.
 *
 * Notation follows the handout:
 *   dz2 = dL/dz2, dW2 = dL/dW2, db2 = dL/db2,
 *   dp1 = dL/dp1, dz1 = dL/dz1, dW1 = dL/dW1, db1 = dL/db1.
 *
 * The matrix products are written with gsl_blas_dgemm; the transposes
 * are given by the CblasTrans flags.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;     /* batch size */

  /*
   * (a) dz2 = (prob - Y) / N, where Y is the one-hot matrix of the labels.
   *     Start from a copy of prob, subtract one in each row at the label,
   *     divide everything by N.
   */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      double p_true = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p_true - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /*
   * (b) dW2 = p1^T dz2 + 2 reg W2.  dgemm computes C = alpha op(A) op(B)
   *     + beta C, so put W2 into dW2 first and use beta = 2 reg.
   */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /*
   * (c) db2 = sum over the rows of dz2.
   */
  for (size_t k = 0; k < g->db2->size; k++)
    {
      double total = 0.0;
      for (size_t i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, total);
    }

  /*
   * (d) dp1 = dz2 W2^T.
   */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /*
   * (e) dz1: the ReLU's derivative.  p1 = max(0, z1), so the gradient
   *     flows to z1 unchanged.
   */
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /*
   * (f) dW1 = X^T dz1 + 2 reg W1, same trick as (b).
   */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /*
   * (g) db1 = sum over the rows of dz1.
   */
  for (size_t j = 0; j < g->db1->size; j++)
    {
      double total = 0.0;
      for (size_t i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
