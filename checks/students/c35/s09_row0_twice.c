/* backward.c -- HW1 two layer net backward
 *
 * Using GSL views a lot (rows / columns of the matrices) and the vector
 * ops, it's shorter than writing every loop out.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- dz2: each row is (prob row - e_y) / N ---- */
  for (i = 0; i < N; i++)
    {
      gsl_vector_view drow = gsl_matrix_row (g->dz2, i);
      gsl_vector_const_view prow = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_memcpy (&drow.vector, &prow.vector);
      gsl_vector_set (&drow.vector, y[i], gsl_vector_get (&drow.vector, y[i]) - 1.0);
      gsl_vector_scale (&drow.vector, 1.0 / N);
    }

  /* ---- dW2 = p1^T dz2 + 2 reg W2 ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* ---- db2: start from row 0, add the other rows ---- */
  gsl_matrix_get_row (g->db2, g->dz2, 0);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* ---- dp1 = dz2 W2^T, one row at a time: dp1_i = W2 dz2_i ---- */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view dzi = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_view dpi = gsl_matrix_row (g->dp1, i);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dzi.vector, 0.0, &dpi.vector);
    }

  /* ---- dz1 = dp1 * [z1 > 0] ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* ---- dW1 = X^T dz1 + 2 reg W1 ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* ---- db1: same as db2 ---- */
  gsl_matrix_get_row (g->db1, g->dz1, 0);
  for (i = 1; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
