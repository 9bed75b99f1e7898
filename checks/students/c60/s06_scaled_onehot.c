/* backward.c
 * Whole-matrix GSL operations (memcpy, sub, scale, mul_elements) and
 * dgemm on explicit transposes, as close to my MATLAB version as I
 * could get it. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  gsl_matrix *onehot, *dZ2, *A1t, *W2t, *dA1, *mask, *dZ1, *Xt, *R;
  gsl_vector *onesv;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  onehot = gsl_matrix_calloc (N, C);
  dZ2 = gsl_matrix_alloc (N, C);
  A1t = gsl_matrix_alloc (H, N);
  W2t = gsl_matrix_alloc (C, H);
  dA1 = gsl_matrix_alloc (N, H);
  mask = gsl_matrix_calloc (N, H);
  dZ1 = gsl_matrix_alloc (N, H);
  Xt = gsl_matrix_alloc (D, N);
  onesv = gsl_vector_alloc (N);
  gsl_vector_set_all (onesv, 1.0);

  /* dZ2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (dZ2, cache->prob);
  gsl_matrix_sub (dZ2, onehot);
  gsl_matrix_scale (onehot, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dZ2);

  /* dW2 = A1' * dZ2 + 2*reg*W2 */
  gsl_matrix_transpose_memcpy (A1t, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A1t, dZ2, 0.0, g->dW2);
  R = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (R, net->W2);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (g->dW2, R);
  gsl_matrix_free (R);

  /* db2 = dZ2' * ones */
  gsl_blas_dgemv (CblasTrans, 1.0, dZ2, onesv, 0.0, g->db2);

  /* dA1 = dZ2 * W2' */
  gsl_matrix_transpose_memcpy (W2t, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dZ2, W2t, 0.0, dA1);
  gsl_matrix_memcpy (g->dp1, dA1);

  /* dZ1 = dA1 .* (Z1 > 0) */
  for (j = 0; j < H; j++)
    for (i = 0; i < N; i++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (mask, i, j, 1.0);
  gsl_matrix_memcpy (dZ1, dA1);
  gsl_matrix_mul_elements (dZ1, mask);
  gsl_matrix_memcpy (g->dz1, dZ1);

  /* dW1 = X' * dZ1 + 2*reg*W1 */
  gsl_matrix_transpose_memcpy (Xt, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, dZ1, 0.0, g->dW1);
  R = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (R, net->W1);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (g->dW1, R);
  gsl_matrix_free (R);

  /* db1 = dZ1' * ones */
  gsl_blas_dgemv (CblasTrans, 1.0, dZ1, onesv, 0.0, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (dZ2);
  gsl_matrix_free (A1t);
  gsl_matrix_free (W2t);
  gsl_matrix_free (dA1);
  gsl_matrix_free (mask);
  gsl_matrix_free (dZ1);
  gsl_matrix_free (Xt);
  gsl_vector_free (onesv);

  g->present = BP_GRADS_ALL;
  return 0;
}
