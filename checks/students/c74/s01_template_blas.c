/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 *
 * (kept the template comments, filled in with dgemm as the last line of
 * the template suggests)
 *
 * Shapes: N samples (one per row), D inputs, H hidden units, C classes.
 *   loss = (1/N) sum_i -log prob[i][y_i] + reg (|W1|^2 + |W2|^2)
 * Note that there is no 1/2 in front of reg. */

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

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C) = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 (H, C) = p1' dz2 + 2 reg W2.  Copy W2 in first so beta does
   *    the reg term. */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 (C): column sums of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* 4. dp1 (N, H) = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* 5. dz1 (N, H): the ReLU lets dp1 through where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. dW1 (D, H) = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* 7. db1 (H): column sums of dz1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  /* Tell gradcheck which gradients hold values: all seven. */
  g->present = BP_GRADS_ALL;
  return 0;
}
