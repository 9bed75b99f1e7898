/* Backward pass with GSL whole-matrix operations and views.
 * mask = [z1 > 0] as a matrix, then dz1 = dp1 .* mask. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
column_sums (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector_set_zero (out);
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (out, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  gsl_matrix *regW2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix *regW1 = gsl_matrix_alloc (net->D, net->H);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2 * reg);
  gsl_matrix_add (g->dW2, regW2);

  column_sums (g->dz2, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2 * reg);
  gsl_matrix_add (g->dW1, regW1);

  column_sums (g->dz1, g->db1);

  gsl_matrix_free (mask);
  gsl_matrix_free (regW2);
  gsl_matrix_free (regW1);
  g->present = BP_GRADS_ALL;
  return 0;
}
