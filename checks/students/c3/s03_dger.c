/* Lab 4: backprop with BLAS level 2.
 *
 * The weight gradients are sums of outer products, one per sample:
 *   dW2 = sum_n p1_n dz2_n'  and  dW1 = sum_n x_n dz1_n'
 * so I start from the penalty and add each sample with dger.
 * dp1_n = W2 dz2_n is one dgemv per sample. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double *e = gsl_matrix_ptr (g->dz2, n, y[n]);
      *e -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = 2 reg W2 + sum_n p1_n dz2_n' ; db2 = sum_n dz2_n */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view p1n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_view dz2n = gsl_matrix_row (g->dz2, n);
      gsl_blas_dger (1.0, &p1n.vector, &dz2n.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dz2n.vector, g->db2);
    }

  /* dp1_n = W2 dz2_n */
  for (n = 0; n < N; n++)
    {
      gsl_vector_view dz2n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1n = gsl_matrix_row (g->dp1, n);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2n.vector, 0.0,
                      &dp1n.vector);
    }

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1 = 2 reg W1 + sum_n x_n dz1_n' ; db1 = sum_n dz1_n */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_view dz1n = gsl_matrix_row (g->dz1, n);
      gsl_blas_dger (1.0, &xn.vector, &dz1n.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz1n.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
