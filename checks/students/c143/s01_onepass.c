/* backward.c -- backward pass of the two-layer net, lab 4.
 *
 * One pass over the batch: for sample i I take the rows of everything as
 * GSL vector views and do the seven steps for that sample only.  The
 * weight gradients start at 2 reg W and every sample adds its outer
 * product (dger), the bias gradients start at zero and add the row.
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

  /* reg part first: d/dW of reg |W|^2 is 2 reg W */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, i);
      gsl_vector_view z1 = gsl_matrix_row (cache->z1, i);
      gsl_vector_view p1 = gsl_matrix_row (cache->p1, i);
      gsl_vector_view pr = gsl_matrix_row (cache->prob, i);
      gsl_vector_view dz2 = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1 = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1 = gsl_matrix_row (g->dz1, i);

      /* 1. dz2_i = (prob_i - onehot(y_i)) / N */
      gsl_vector_memcpy (&dz2.vector, &pr.vector);
      gsl_vector_set (&dz2.vector, y[i],
                      gsl_vector_get (&dz2.vector, y[i]) - 1.0);
      gsl_vector_scale (&dz2.vector, 1.0 / N);

      /* 2. dW2 += p1_i dz2_i'  (H x C outer product) */
      gsl_blas_dger (1.0, &p1.vector, &dz2.vector, g->dW2);

      /* 3. db2 += dz2_i */
      gsl_vector_add (g->db2, &dz2.vector);

      /* 4. dp1_i = W2 dz2_i */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0,
                      &dp1.vector);

      /* 5. through the relu: only where z1 was positive */
      for (j = 0; j < net->H; j++)
        gsl_vector_set (&dz1.vector, j,
                        gsl_vector_get (&z1.vector, j) > 0.0
                        ? gsl_vector_get (&dp1.vector, j) : 0.0);

      /* 6. dW1 += x_i dz1_i' */
      gsl_blas_dger (1.0, &x.vector, &dz1.vector, g->dW1);

      /* 7. db1 += dz1_i */
      gsl_vector_add (g->db1, &dz1.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
