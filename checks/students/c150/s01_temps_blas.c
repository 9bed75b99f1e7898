/* backward.c -- backward pass of the two-layer net (HW3 part 2)
 *
 * Everything is done with GSL temporaries + BLAS, like in lab 5.
 * All temporaries are freed at the end.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *XT = gsl_matrix_alloc (D, N);
  gsl_matrix *dhidden = gsl_matrix_alloc (N, H);
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  gsl_matrix *regW2 = gsl_matrix_alloc (H, C);
  gsl_matrix *regW1 = gsl_matrix_alloc (D, H);

  /* 1. dscores = (probs - onehot(y)) / N */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* 2. dW2 = p1^T dscores + 2 reg W2 */
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, dscores, 0.0, g->dW2);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2.0 * reg);
  gsl_matrix_add (g->dW2, regW2);

  /* 3. db2 = sum of dscores over the samples */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* 4. dp1 = dscores W2^T */
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dscores, W2T, 0.0, dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* 5. dz1 = dp1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (dhidden, mask);
  gsl_matrix_memcpy (g->dz1, dhidden);

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, dhidden, 0.0, g->dW1);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regW1);

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dhidden, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (dscores);
  gsl_matrix_free (p1T);
  gsl_matrix_free (W2T);
  gsl_matrix_free (XT);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (mask);
  gsl_matrix_free (regW2);
  gsl_matrix_free (regW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
