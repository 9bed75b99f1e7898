/* backward.c -- backprop for the two layer network.
 *
 * Column sums: I multiply a 1 x N matrix of ones by the gradient, which
 * gives a 1 x M matrix, and copy its row 0 into the bias gradient.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *ones = gsl_matrix_alloc (1, N);
  gsl_matrix *s2 = gsl_matrix_alloc (1, C);
  gsl_matrix *s1 = gsl_matrix_alloc (1, H);
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  gsl_matrix_set_all (ones, 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz2, 0.0, s2);
  gsl_vector_view s2row = gsl_matrix_row (s2, 0);
  gsl_vector_memcpy (g->db2, &s2row.vector);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, ones, g->dz1, 0.0, s1);
  gsl_vector_view s1row = gsl_matrix_row (g->dz1, 0);
  gsl_vector_memcpy (g->db1, &s1row.vector);

  gsl_matrix_free (mask);
  gsl_matrix_free (s1);
  gsl_matrix_free (s2);
  gsl_matrix_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
