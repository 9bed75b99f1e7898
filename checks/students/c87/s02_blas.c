/*
 * Assignment 2 - backward pass of the 2-layer net.
 * Each gradient gets its own function (as required), BLAS for the products.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* scores gradient of softmax + cross-entropy */
static void
grad_dz2 (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y, size_t N)
{
  size_t i;

  gsl_matrix_memcpy (dz2, prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (dz2, i, y[i]);
      gsl_matrix_set (dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (dz2, 1.0 / N);
}

static void
grad_dW2 (gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
          const gsl_matrix *W2, double reg)
{
  /* dW2 = 2 reg W2 first, then += p1^T dz2 (beta = 1) */
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 2.0 * reg, dW2);
}

/* column sums through a vector of ones: db = dz^T 1 */
static void
grad_db2 (gsl_vector *db2, const gsl_matrix *dz2)
{
  gsl_vector *ones = gsl_vector_alloc (dz2->size1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dz2, ones, 0.0, db2);
  gsl_vector_free (ones);
}

static void
grad_dp1 (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
grad_dz1 (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  size_t i;

  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < z1->size1; i++)
    {
      gsl_vector_const_view zrow = gsl_matrix_const_row (z1, i);
      gsl_vector_view drow = gsl_matrix_row (dz1, i);
      size_t j;

      for (j = 0; j < zrow.vector.size; j++)
        if (gsl_vector_get (&zrow.vector, j) <= 0.0)
          gsl_vector_set (&drow.vector, j, 0.0);
    }
}

static void
grad_dW1 (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
          const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

static void
grad_db1 (gsl_vector *db1, const gsl_matrix *dz1)
{
  gsl_vector *ones = gsl_vector_alloc (dz1->size1);

  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dz1, ones, 0.0, db1);
  gsl_vector_free (ones);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  grad_dz2 (g->dz2, cache->prob, y, N);     /* 1 */
  grad_dW2 (g->dW2, cache->p1, g->dz2, net->W2, reg);
  grad_db2 (g->db2, g->dz2);
  grad_dp1 (g->dp1, g->dz2, net->W2);       /* 4 */
  grad_dz1 (g->dz1, g->dp1, cache->z1);
  grad_dW1 (g->dW1, X, g->dz1, net->W1, reg);
  grad_db1 (g->db1, g->dz1);                /* 7 */

  g->present = BP_GRADS_ALL;
  return 0;
}
