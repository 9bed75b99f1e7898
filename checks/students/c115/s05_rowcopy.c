#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass -- row by row with vector views */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, h, c, d;
  double t;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2: row i of prob, divided by N, minus 1 at the label */
  for (i = 0; i < N; i++) {
    gsl_vector_const_view prow = gsl_matrix_const_row (cache->prob, i);
    gsl_vector_view drow = gsl_matrix_row (g->dz2, i);
    gsl_vector_memcpy (&drow.vector, &prow.vector);
    gsl_vector_scale (&drow.vector, 1.0 / (double) N);
    gsl_vector_set (&drow.vector, y[i], gsl_vector_get (&drow.vector, y[i]) - 1.0);
  }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (h = 0; h < net->H; h++) {
    gsl_vector_const_view a = gsl_matrix_const_column (cache->p1, h);
    for (c = 0; c < net->C; c++) {
      gsl_vector_view b = gsl_matrix_column (g->dz2, c);
      gsl_blas_ddot (&a.vector, &b.vector, &t);
      gsl_matrix_set (g->dW2, h, c, t + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
    }
  }

  /* db2 = sum of the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++) {
    gsl_vector_view r = gsl_matrix_row (g->dz2, i);
    gsl_blas_daxpy (1.0, &r.vector, g->db2);
  }

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++) {
    gsl_vector_view r = gsl_matrix_row (g->dz2, i);
    for (h = 0; h < net->H; h++) {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, h);
      gsl_blas_ddot (&r.vector, &w.vector, &t);
      gsl_matrix_set (g->dp1, i, h, t);
    }
  }

  /* dz1 = dp1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0);

  /* dW1 = X' dz1 + 2 reg W1 */
  for (d = 0; d < net->D; d++) {
    gsl_vector_const_view a = gsl_matrix_const_column (X, d);
    for (h = 0; h < net->H; h++) {
      gsl_vector_view b = gsl_matrix_column (g->dz1, h);
      gsl_blas_ddot (&a.vector, &b.vector, &t);
      gsl_matrix_set (g->dW1, d, h, t + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
    }
  }

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_view r = gsl_matrix_row (g->dz1, i);
    gsl_blas_daxpy (1.0, &r.vector, g->db1);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
