/*  two-layer net, backward
 *  We compute the weight gradients in the transposed ("column") form
 *      dW^T = dZ^T A
 *  because then every column of the result is a combination of the
 *  columns of A.  To get dW back we only have to re-read the array with
 *  the dimensions swapped.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dW2T, *dW1T;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dW2T = gsl_matrix_alloc (C, H);
  dW1T = gsl_matrix_alloc (H, D);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2^T = dz2^T p1  (C x H) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, dW2T);
  {
    gsl_matrix_view back = gsl_matrix_view_array (dW2T->data, H, C);
    gsl_matrix_memcpy (g->dW2, &back.matrix);
  }
  for (j = 0; j < C; j++)
    {
      gsl_vector_view gc = gsl_matrix_column (g->dW2, j);
      gsl_vector_const_view wc = gsl_matrix_const_column (net->W2, j);
      gsl_blas_daxpy (2.0 * reg, &wc.vector, &gc.vector);
    }

  /* db2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&c.vector));
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1^T = dz1^T X  (H x D), back with a real transpose this time since
     gsl_matrix_memcpy complained about the sizes */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 0.0, dW1T);
  gsl_matrix_transpose_memcpy (g->dW1, dW1T);
  for (j = 0; j < H; j++)
    {
      gsl_vector_view gc = gsl_matrix_column (g->dW1, j);
      gsl_vector_const_view wc = gsl_matrix_const_column (net->W1, j);
      gsl_blas_daxpy (2.0 * reg, &wc.vector, &gc.vector);
    }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view c = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&c.vector));
    }

  gsl_matrix_free (dW2T);
  gsl_matrix_free (dW1T);
  g->present = BP_GRADS_ALL;
  return 0;
}
