/* backward with views and level-1/level-3 BLAS */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* scores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      *gsl_vector_ptr (&r.vector, y[i]) -= 1.0;
      gsl_vector_scale (&r.vector, 1.0 / N);
    }

  /* second layer, weight decay on all of its parameters */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_blas_daxpy (2 * reg, net->b2, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);
      for (size_t j = 0; j < z.vector.size; j++)
        gsl_vector_set (&dz.vector, j, gsl_vector_get (&z.vector, j) > 0
                        ? gsl_vector_get (&dp.vector, j) : 0.0);
    }

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
