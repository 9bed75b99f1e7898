/* Backward pass with row views and level-2 BLAS.
 *
 * For each sample i the contribution to dW2 is the outer product
 * p1_i dz2_i^T, which is exactly gsl_blas_dger, and dp1_i = W2 dz2_i is a
 * gsl_blas_dgemv.  Same for the first layer with x_i and dz1_i.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_vector *b2sum, *b1sum;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  b2sum = gsl_vector_calloc (net->C);
  b1sum = gsl_vector_calloc (net->H);
  if (b2sum == NULL || b1sum == NULL)
    {
      gsl_vector_free (b2sum);
      gsl_vector_free (b1sum);
      return 1;
    }

  /* weight gradients start from the L2 part and the samples are added on */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view prob_i = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view p1_i = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_view dz2_i = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1_i = gsl_matrix_row (g->dp1, i);

      gsl_vector_memcpy (&dz2_i.vector, &prob_i.vector);
      gsl_vector_set (&dz2_i.vector, y[i],
                      gsl_vector_get (&dz2_i.vector, y[i]) - 1.0);
      gsl_vector_scale (&dz2_i.vector, 1.0 / (double) N);

      gsl_vector_add (b2sum, &dz2_i.vector);
      gsl_blas_dger (1.0, &p1_i.vector, &dz2_i.vector, g->dW2);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0,
                      &dp1_i.vector);
    }
  gsl_vector_memcpy (g->db2, b2sum);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x_i = gsl_matrix_const_row (X, i);
      gsl_vector_view dz1_i = gsl_matrix_row (g->dz1, i);

      /* relu: pass dp1 where the unit was on */
      gsl_matrix_get_row (&dz1_i.vector, g->dp1, i);
      for (j = 0; j < net->H; j++)
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          gsl_vector_set (&dz1_i.vector, j, 0.0);

      gsl_vector_add (b1sum, &dz1_i.vector);
      gsl_blas_dger (1.0, &x_i.vector, &dz1_i.vector, g->dW1);
    }
  gsl_vector_memcpy (g->db1, b1sum);

  gsl_vector_free (b2sum);
  gsl_vector_free (b1sum);
  g->present = BP_GRADS_ALL;
  return 0;
}
