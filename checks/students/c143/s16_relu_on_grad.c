/*
 *  backward.c -- lab 4 backward pass
 *
 *  forward was  p1 = relu(z1), so backward is  dz1 = relu(dp1)
 *  (the negative part is cut off, same as in the forward pass).
 *  Everything per sample with vector views.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double inv_n = 1.0 / (double) N;
  size_t n, j;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_const_view a_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view s_n = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_view dz2_n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1_n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1_n = gsl_matrix_row (g->dz1, n);

      /* output layer */
      gsl_vector_memcpy (&dz2_n.vector, &s_n.vector);
      gsl_vector_set (&dz2_n.vector, y[n],
                      gsl_vector_get (&dz2_n.vector, y[n]) - 1.0);
      gsl_vector_scale (&dz2_n.vector, inv_n);
      gsl_blas_dger (1.0, &a_n.vector, &dz2_n.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2_n.vector);

      /* hidden layer */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0,
                      &dp1_n.vector);
      gsl_vector_memcpy (&dz1_n.vector, &dp1_n.vector);
      for (j = 0; j < dz1_n.vector.size; j++)
        if (gsl_vector_get (&dz1_n.vector, j) < 0.0)
          gsl_vector_set (&dz1_n.vector, j, 0.0);

      /* input layer */
      gsl_blas_dger (1.0, &x_n.vector, &dz1_n.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1_n.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
