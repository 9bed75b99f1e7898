/* backward.c -- two-layer net, backward pass (homework 3, part 2)
 *
 * Everything is done with whole matrices, the way it is on the slides:
 *   Y   one-hot labels (N, C)
 *   M   ReLU mask, 1 where z1 > 0 (N, H)
 *   p1T, XT, W2T   transposed copies
 *   ones           a column of N ones, for the bias sums
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  gsl_matrix *M = gsl_matrix_calloc (N, H);
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix *XT = gsl_matrix_alloc (D, N);
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *R2 = gsl_matrix_alloc (H, C);   /* 2 reg W2 */
  gsl_matrix *R1 = gsl_matrix_alloc (D, H);   /* 2 reg W1 */
  gsl_vector *ones = gsl_vector_alloc (N);

  /* build the helper matrices */
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (M, i, j, 1.0);
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (R2, net->W2);
  gsl_matrix_scale (R2, 2.0 * reg);
  gsl_matrix_add (g->dW2, R2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  /* dz1 = dp1 .* M */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (R1, net->W1);
  gsl_matrix_scale (R1, 2.0 * reg);
  gsl_matrix_add (g->dW1, R1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (M);
  gsl_matrix_free (p1T);
  gsl_matrix_free (XT);
  gsl_matrix_free (W2T);
  gsl_matrix_free (R2);
  gsl_matrix_free (R1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
