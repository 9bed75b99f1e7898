/* backward pass, 2-layer net (lab 4)
 *
 * dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
 * Biases: the gradient is the mean of the rows of dz. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_vector *mask = gsl_vector_alloc (net->H);
  size_t r, c;

  /* 1 */
  for (r = 0; r < N; r++)
    {
      gsl_vector_const_view in = gsl_matrix_const_row (cache->prob, r);
      gsl_vector_view out = gsl_matrix_row (g->dz2, r);
      gsl_vector_memcpy (&out.vector, &in.vector);
      gsl_vector_set (&out.vector, y[r], gsl_vector_get (&out.vector, y[r]) - 1.0);
      gsl_vector_scale (&out.vector, 1.0 / (double) N);
    }

  /* 2, 3 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  for (r = 0; r < N; r++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, r);
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, r);
      gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW2);
      gsl_vector_add (g->db2, &d.vector);
    }
  gsl_vector_scale (g->db2, 1.0 / (double) N);

  /* 4, 5 */
  for (r = 0; r < N; r++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, r);
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, r);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, r);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, r);

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dp.vector);
      for (c = 0; c < net->H; c++)
        gsl_vector_set (mask, c, gsl_vector_get (&z.vector, c) > 0.0 ? 1.0 : 0.0);
      gsl_vector_memcpy (&dz.vector, &dp.vector);
      gsl_vector_mul (&dz.vector, mask);
    }

  /* 6, 7 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);
  for (r = 0; r < N; r++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, r);
      gsl_vector_const_view dz = gsl_matrix_const_row (g->dz1, r);
      gsl_blas_dger (1.0, &x.vector, &dz.vector, g->dW1);
      gsl_vector_add (g->db1, &dz.vector);
    }

  gsl_vector_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
