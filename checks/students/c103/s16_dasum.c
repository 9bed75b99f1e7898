/* backward.c -- the backward pass with GSL views throughout: rows and
 * columns are views, sums and scalings are level-1 BLAS. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2: softmax minus one-hot, mean over the batch */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
      gsl_blas_dscal (1.0 / N, &r.vector);
    }

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg,
                  g->dW2);

  /* db2: sum down each column of dz2 */
  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      gsl_vector_set (g->db2, k, gsl_blas_dasum (&col.vector));
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: the relu passes dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view p = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view d = gsl_matrix_row (g->dz1, i);
      for (k = 0; k < H; k++)
        gsl_vector_set (&d.vector, k, gsl_vector_get (&z.vector, k) > 0
                                      ? gsl_vector_get (&p.vector, k) : 0.0);
    }

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* db1: the same column sums, over dz1, with a ones vector */
  {
    gsl_vector *one = gsl_vector_alloc (N);
    if (one == NULL)
      return 1;
    gsl_vector_set_all (one, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);
    gsl_vector_free (one);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
