/* backward.c -- Homework 3, part 2: backprop for the two layer net.
 * I wrote everything with whole matrices like in lecture 6, every
 * intermediate gets its own matrix so I can print it if something breaks.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* one-hot labels, Y[i][y_i] = 1 */
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dL/dz2 = (P - Y) / N */
  gsl_matrix *P_minus_Y = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (P_minus_Y, cache->prob);
  gsl_matrix_sub (P_minus_Y, Y);
  gsl_matrix_scale (P_minus_Y, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, P_minus_Y);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_matrix *p1T_dz2 = gsl_matrix_alloc (H, C);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, p1T_dz2);
  gsl_matrix *regW2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (regW2, net->W2);
  gsl_matrix_scale (regW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW2, p1T_dz2);
  gsl_matrix_add (g->dW2, regW2);

  /* db2 = sum over the rows of dz2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  /* relu: mask is 1 where z1 > 0 and 0 elsewhere */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix *dz1 = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (dz1, g->dp1);
  gsl_matrix_mul_elements (dz1, mask);
  gsl_matrix_memcpy (g->dz1, dz1);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix *XT = gsl_matrix_alloc (D, N);
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_matrix *XT_dz1 = gsl_matrix_alloc (D, H);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, dz1, 0.0, XT_dz1);
  gsl_matrix *regW1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, XT_dz1);
  gsl_matrix_add (g->dW1, regW1);

  /* db1 = column sums of dz1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (Y);
  gsl_matrix_free (P_minus_Y);
  gsl_matrix_free (p1T);
  gsl_matrix_free (p1T_dz2);
  gsl_matrix_free (regW2);
  gsl_matrix_free (W2T);
  gsl_matrix_free (mask);
  gsl_matrix_free (dz1);
  gsl_matrix_free (XT);
  gsl_matrix_free (XT_dz1);
  gsl_matrix_free (regW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
