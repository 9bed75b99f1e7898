/* backward.c for the two-layer network.
 *
 * diff = P - Y is computed once; dz2 is diff/N.  The transposes are
 * done once up front with gsl_matrix_transpose_memcpy.
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

  gsl_matrix *T = gsl_matrix_calloc (N, C);     /* targets, one-hot */
  gsl_matrix *diff = gsl_matrix_alloc (N, C);
  gsl_matrix *mask = gsl_matrix_calloc (N, H);
  gsl_matrix *p1_t = gsl_matrix_alloc (H, N);
  gsl_matrix *X_t = gsl_matrix_alloc (D, N);
  gsl_matrix *W2_t = gsl_matrix_alloc (C, H);
  gsl_matrix *regterm2 = gsl_matrix_alloc (H, C);
  gsl_matrix *regterm1 = gsl_matrix_alloc (D, H);
  gsl_vector *ones = gsl_vector_alloc (N);

  for (i = 0; i < N; i++)
    gsl_matrix_set (T, i, y[i], 1.0);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (mask, i, j, 1.0);
  gsl_vector_set_all (ones, 1.0);
  gsl_matrix_transpose_memcpy (p1_t, cache->p1);
  gsl_matrix_transpose_memcpy (X_t, X);
  gsl_matrix_transpose_memcpy (W2_t, net->W2);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (diff, cache->prob);
  gsl_matrix_sub (diff, T);
  gsl_matrix_memcpy (g->dz2, diff);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1_t, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (regterm2, net->W2);
  gsl_matrix_scale (regterm2, 2.0 * reg);
  gsl_matrix_add (g->dW2, regterm2);

  /* db2 = sum over samples */
  gsl_blas_dgemv (CblasTrans, 1.0, diff, ones, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2_t, 0.0, g->dp1);

  /* dz1 = dp1 * mask (elementwise) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X_t, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (regterm1, net->W1);
  gsl_matrix_scale (regterm1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regterm1);

  /* db1 = sum over samples */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (T);
  gsl_matrix_free (diff);
  gsl_matrix_free (mask);
  gsl_matrix_free (p1_t);
  gsl_matrix_free (X_t);
  gsl_matrix_free (W2_t);
  gsl_matrix_free (regterm2);
  gsl_matrix_free (regterm1);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
