/* backward.c -- my backward pass for the 2-layer net (homework 2)
 *
 *  scores gradient  -> W2, b2 gradients
 *                   -> gradient of the hidden layer (before relu) -> through relu
 *                   -> W1, b1 gradients
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sums of the columns of M (the same as np.sum(M, axis=0)) */
static void
column_sums (const gsl_matrix *M, gsl_vector *sums)
{
  size_t r, c;
  gsl_vector_set_zero (sums);
  for (r = 0; r < M->size1; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (M, r);
      for (c = 0; c < M->size2; c++)
        gsl_vector_set (sums, c, gsl_vector_get (sums, c) + gsl_vector_get (&row.vector, c));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = (probs - onehot(y)) / N */
  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (dscores, i, y[i]);
      gsl_matrix_set (dscores, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (dscores, 1.0 / N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* dW2 = hidden^T dscores + 2 reg W2 */
  gsl_matrix *dW2_data_part = gsl_matrix_alloc (H, C);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, dW2_data_part);
  gsl_matrix *dW2_reg_part = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (dW2_reg_part, net->W2);
  gsl_matrix_scale (dW2_reg_part, 2.0 * reg);
  gsl_matrix_memcpy (g->dW2, dW2_data_part);
  gsl_matrix_add (g->dW2, dW2_reg_part);
  gsl_matrix_free (dW2_data_part);
  gsl_matrix_free (dW2_reg_part);

  /* db2 = sum of dscores over the samples */
  column_sums (dscores, g->db2);

  /* dhidden_before_relu = dscores W2^T   (this is dL/dp1) */
  gsl_matrix *dhidden_before_relu = gsl_matrix_alloc (N, H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden_before_relu);
  gsl_matrix_memcpy (g->dp1, dhidden_before_relu);

  /* dhidden_after_relu = dhidden_before_relu where z1 > 0, else 0 */
  gsl_matrix *dhidden_after_relu = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (dhidden_after_relu, dhidden_before_relu);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dhidden_after_relu, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dhidden_after_relu);

  /* dW1 = X^T dhidden_after_relu + 2 reg W1 */
  gsl_matrix *dW1_data_part = gsl_matrix_alloc (D, H);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden_after_relu, 0.0, dW1_data_part);
  gsl_matrix *dW1_reg_part = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (dW1_reg_part, net->W1);
  gsl_matrix_scale (dW1_reg_part, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, dW1_data_part);
  gsl_matrix_add (g->dW1, dW1_reg_part);
  gsl_matrix_free (dW1_data_part);
  gsl_matrix_free (dW1_reg_part);

  /* db1 = sum over the samples of the hidden gradient */
  column_sums (dhidden_before_relu, g->db1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (dhidden_before_relu);
  gsl_matrix_free (dhidden_after_relu);

  g->present = BP_GRADS_ALL;
  return 0;
}
