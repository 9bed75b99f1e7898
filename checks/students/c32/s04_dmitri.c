/* backward.c -- Dmitri Volkov, HW 2 part B
 * Uses GSL matrix operations as much as possible (BLAS for the products,
 * dgemv with a vector of ones for the bias sums). */

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

  gsl_matrix *onehot = gsl_matrix_calloc (N, net->C);
  gsl_matrix *mask = gsl_matrix_alloc (N, net->H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2. dW2 = 2 reg W2 + p1^T dz2 (reg part first, then beta = 1) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* 3. db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 = dp1 .* mask,  mask = [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* 6. dW1 = 2 reg W1 + X^T dz1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* 7. db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (mask);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
