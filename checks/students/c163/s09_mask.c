/* CS HW3 - backprop (C version)
 * relu: gradient passes through where the unit was active */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t row, col;
  double scale = 1.0 / (double) N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (row = 0; row < N; row++) {
    gsl_vector_const_view prow = gsl_matrix_const_row (cache->prob, row);
    gsl_vector_view drow = gsl_matrix_row (g->dz2, row);
    gsl_vector_memcpy (&drow.vector, &prow.vector);
    gsl_vector_set (&drow.vector, y[row],
                    gsl_vector_get (&drow.vector, y[row]) - 1.0);
    gsl_vector_scale (&drow.vector, scale);
  }

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (row = 0; row < N; row++) {
    gsl_vector_view drow = gsl_matrix_row (g->dz2, row);
    gsl_vector_add (g->db2, &drow.vector);
  }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward: keep the gradient where the unit was on */
  for (row = 0; row < N; row++) {
    gsl_vector_view up = gsl_matrix_row (g->dp1, row);
    gsl_vector_view out = gsl_matrix_row (g->dz1, row);
    for (col = 0; col < net->H; col++) {
      double v = gsl_vector_get (&up.vector, col);
      gsl_vector_set (&out.vector, col, v > 0 ? v : 0.0);
    }
  }

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (row = 0; row < N; row++) {
    gsl_vector_view drow = gsl_matrix_row (g->dz1, row);
    gsl_vector_add (g->db1, &drow.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
