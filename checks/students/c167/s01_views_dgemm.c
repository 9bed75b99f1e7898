/* backward.c -- two-layer net, backward pass.
 * Everything with GSL views and BLAS, no hand-written matrix products. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 = p1' dz2 + 2 reg W2  (beta trick: start from W2) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2: sum of every column of dz2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&col.vector));
    }

  /* 4. dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1: relu backward, zero where z1 <= 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&col.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
