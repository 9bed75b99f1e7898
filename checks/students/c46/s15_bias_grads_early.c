/*
 * Deep Learning Foundations -- HW3, backward pass.
 *
 * I do the bias gradients as soon as the delta of their layer is known:
 *   db2 from dscores, db1 from dhidden,
 * and then the weight gradients with explicit transposes.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
column_sums (const gsl_matrix *A, gsl_vector *out)
{
  size_t r, c;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      gsl_vector_set (out, c, gsl_vector_get (out, c) + gsl_matrix_get (A, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  /* dscores */
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (dscores, cache->prob);
  gsl_matrix_sub (dscores, onehot);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  column_sums (dscores, g->db2);

  /* dhidden */
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dscores, W2T, 0.0, dhidden);
  column_sums (dhidden, g->db1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, dhidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* weights */
  gsl_matrix *hT = gsl_matrix_alloc (H, N);
  gsl_matrix_transpose_memcpy (hT, cache->p1);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, hT, dscores, 1.0, g->dW2);

  gsl_matrix *XT = gsl_matrix_alloc (D, N);
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 1.0, g->dW1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (W2T);
  gsl_matrix_free (hT);
  gsl_matrix_free (XT);

  g->present = BP_GRADS_ALL;
  return 0;
}
