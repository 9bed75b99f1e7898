/* HW 2: backward pass.
 * dz2 = (P - Y)/N ; dW2 = p1' dz2 + 2 reg W2 ; db2 = colsum(dz2)
 * dp1 = dz2 W2'   ; dz1 = dp1 * (z1 > 0)
 * dW1 = X' dz1 + 2 reg W1 ; db1 = colsum(dz1)                          */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t row, col;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* P */
  gsl_matrix *probabilities = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (probabilities, cache->prob);

  /* Y (one hot) */
  gsl_matrix *labels_one_hot = gsl_matrix_calloc (N, C);
  for (row = 0; row < N; row++)
    gsl_matrix_set (labels_one_hot, row, y[row], 1.0);

  /* (P - Y) / N */
  gsl_matrix *probabilities_minus_labels = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (probabilities_minus_labels, probabilities);
  gsl_matrix_sub (probabilities_minus_labels, labels_one_hot);
  gsl_matrix_scale (probabilities_minus_labels, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, probabilities_minus_labels);

  /* dW2 = p1' dz2 + 2 reg W2  (beta = 2 reg, C starts as W2) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1,
                  probabilities_minus_labels, 2.0 * reg, g->dW2);

  /* db2 = colsum(dz2) */
  for (col = 0; col < C; col++)
    {
      gsl_vector_view column = gsl_matrix_column (probabilities_minus_labels, col);
      double s = 0.0;
      for (row = 0; row < N; row++)
        s += gsl_vector_get (&column.vector, row);
      gsl_vector_set (g->db2, col, s);
    }

  /* dp1 = dz2 W2' */
  gsl_matrix *dz2_times_W2_transposed = gsl_matrix_alloc (N, H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, probabilities, net->W2,
                  0.0, dz2_times_W2_transposed);
  gsl_matrix_memcpy (g->dp1, dz2_times_W2_transposed);

  /* dz1 = dp1 * (z1 > 0) */
  gsl_matrix *relu_mask = gsl_matrix_alloc (N, H);
  for (row = 0; row < N; row++)
    for (col = 0; col < H; col++)
      gsl_matrix_set (relu_mask, row, col,
                      gsl_matrix_get (cache->z1, row, col) > 0 ? 1.0 : 0.0);
  gsl_matrix *dp1_times_mask = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (dp1_times_mask, g->dp1);
  gsl_matrix_mul_elements (dp1_times_mask, relu_mask);
  gsl_matrix_memcpy (g->dz1, dp1_times_mask);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dp1_times_mask,
                  2.0 * reg, g->dW1);

  /* db1 = colsum(dz1) */
  for (col = 0; col < H; col++)
    {
      gsl_vector_view column = gsl_matrix_column (dp1_times_mask, col);
      double s = 0.0;
      for (row = 0; row < N; row++)
        s += gsl_vector_get (&column.vector, row);
      gsl_vector_set (g->db1, col, s);
    }

  gsl_matrix_free (probabilities);
  gsl_matrix_free (labels_one_hot);
  gsl_matrix_free (probabilities_minus_labels);
  gsl_matrix_free (dz2_times_W2_transposed);
  gsl_matrix_free (relu_mask);
  gsl_matrix_free (dp1_times_mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
