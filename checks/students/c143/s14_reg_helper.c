/* Lab 4 -- backward pass of the two-layer net.
 *
 * helpers:
 *   outer_rows() -- dW += sum_i a_i d_i'  (a dger per row of the batch)
 *   colsum()     -- b = sum of the rows of M
 *   l2_grad()    -- dW += d/dW (reg * |W|^2)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
outer_rows (const gsl_matrix *A, const gsl_matrix *Dm, gsl_matrix *dW)
{
  size_t i;
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (A, i);
      gsl_vector_const_view d = gsl_matrix_const_row (Dm, i);
      gsl_blas_dger (1.0, &a.vector, &d.vector, dW);
    }
}

static void
colsum (const gsl_matrix *M, gsl_vector *b)
{
  size_t i;
  gsl_vector_set_zero (b);
  for (i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (M, i);
      gsl_vector_add (b, &r.vector);
    }
}

static void
l2_grad (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t k;
  for (k = 0; k < W->size1; k++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (W, k);
      gsl_vector_view dw = gsl_matrix_row (dW, k);
      gsl_blas_daxpy (reg, &w.vector, &dw.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t i, j, N = X->size1;

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / N);
    }

  gsl_matrix_set_zero (g->dW2);
  outer_rows (cache->p1, g->dz2, g->dW2);
  l2_grad (net->W2, reg, g->dW2);
  colsum (g->dz2, g->db2);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dp.vector);
      for (j = 0; j < net->H; j++)
        gsl_vector_set (&dz.vector, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                        ? gsl_vector_get (&dp.vector, j) : 0.0);
    }

  gsl_matrix_set_zero (g->dW1);
  outer_rows (X, g->dz1, g->dW1);
  l2_grad (net->W1, reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
