/* backward.c -- backward pass (hw3).  Column sums with dgemv against a
 * vector of ones; the ones vector is allocated once per call and freed
 * at the end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_vector *one;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  one = gsl_vector_alloc (N);
  if (!one)
    return 1;
  gsl_vector_set_all (one, 1.0);

  gsl_matrix_memcpy (dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (dz2, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 2.0 * reg,
                  g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, dz2, one, 0.0, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < dz1->size2; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                                 ? gsl_matrix_get (dp1, i, j) : 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, dp1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
