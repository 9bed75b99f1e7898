/*
 * backward.c  --  HW3
 *
 * order: dz2, dW2, db2, dp1, dz1, dW1, db1 (like the template)
 * temporaries: dz2T? no -- W2 transposed, X transposed, p1 transposed,
 * the relu mask.
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
  size_t i, j;
  gsl_matrix *W2_t = gsl_matrix_alloc (net->C, net->H);
  gsl_matrix *X_t = gsl_matrix_alloc (net->D, N);
  gsl_matrix *p1_t = gsl_matrix_alloc (net->H, N);
  gsl_matrix *relu_mask = gsl_matrix_alloc (N, net->H);
  gsl_matrix *reg1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix *reg2 = gsl_matrix_alloc (net->H, net->C);

  if (N != cache->N || g->N != N)
    {
      gsl_matrix_free (W2_t); gsl_matrix_free (X_t); gsl_matrix_free (p1_t);
      gsl_matrix_free (relu_mask); gsl_matrix_free (reg1); gsl_matrix_free (reg2);
      return 1;
    }

  /* 1. dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 */
  gsl_matrix_transpose_memcpy (p1_t, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1_t, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (reg2, net->W2);
  gsl_matrix_scale (reg2, 2.0 * reg);
  gsl_matrix_add (g->dW2, reg2);

  /* 3. db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  /* 4. dp1 = dz2 * W2^T */
  gsl_matrix_transpose_memcpy (W2_t, g->dW2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2_t, 0.0, g->dp1);

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (relu_mask, i, j, (gsl_matrix_get (cache->z1, i, j) > 0) ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* 6. dW1 */
  gsl_matrix_transpose_memcpy (X_t, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, X_t, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (reg1, net->W1);
  gsl_matrix_scale (reg1, 2.0 * reg);
  gsl_matrix_add (g->dW1, reg1);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  gsl_matrix_free (W2_t);
  gsl_matrix_free (X_t);
  gsl_matrix_free (p1_t);
  gsl_matrix_free (relu_mask);
  gsl_matrix_free (reg1);
  gsl_matrix_free (reg2);

  g->present = BP_GRADS_ALL;
  return 0;
}
