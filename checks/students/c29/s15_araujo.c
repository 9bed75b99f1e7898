/* backward.c -- assignment 3 (backprop), Felipe Araujo
 *
 * outer loop over samples, inside it the full backward pass of that
 * sample.  dW/db are accumulated with daxpy/dger on row views.
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
  size_t H = net->H;
  size_t n, j;
  double invN = 1.0 / (double) N;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view prob_n = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view h_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_view dz2_n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1_n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1_n = gsl_matrix_row (g->dz1, n);

      /* dz2_n = (prob_n - onehot) / N */
      gsl_vector_memcpy (&dz2_n.vector, &prob_n.vector);
      gsl_vector_set (&dz2_n.vector, y[n], gsl_vector_get (&dz2_n.vector, y[n]) - 1.0);
      gsl_vector_scale (&dz2_n.vector, invN);

      /* layer 2 */
      gsl_blas_dger (1.0, &h_n.vector, &dz2_n.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dz2_n.vector, g->db2);

      /* dp1_n = W2 dz2_n ; dz1_n = dp1_n where z1 > 0 */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0, &dp1_n.vector);
      for (j = 0; j < H; j++)
        {
          double z = gsl_matrix_get (cache->z1, n, j);
          gsl_vector_set (&dz1_n.vector, j, z > 0 ? gsl_vector_get (&dp1_n.vector, j) : 0.0);
        }

      /* layer 1 */
      gsl_vector_set_zero (g->db1);
      gsl_blas_dger (1.0, &x_n.vector, &dz1_n.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz1_n.vector, g->db1);
    }

  /* + 2 reg W */
  {
    size_t a, b;
    for (a = 0; a < g->dW2->size1; a++)
      for (b = 0; b < g->dW2->size2; b++)
        gsl_matrix_set (g->dW2, a, b, gsl_matrix_get (g->dW2, a, b) + 2 * reg * gsl_matrix_get (net->W2, a, b));
    for (a = 0; a < g->dW1->size1; a++)
      for (b = 0; b < g->dW1->size2; b++)
        gsl_matrix_set (g->dW1, a, b, gsl_matrix_get (g->dW1, a, b) + 2 * reg * gsl_matrix_get (net->W1, a, b));
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
