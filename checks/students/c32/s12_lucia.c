/* backward.c -- Lucia Ferreira, assignment 2
 * backprop through affine - relu - affine - softmax, with GSL/BLAS.
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

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);

  /* 3. db2 = average of dz2 over the batch */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_vector_scale (g->db2, 1.0 / N);

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 = dp1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  /* 7. db1 = column sums of dz1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
