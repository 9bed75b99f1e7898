/* Lab 6 -- backward pass
 * dz2 = (P - Y)/N, where Y is the one-hot matrix of the labels.
 * Y has a single 1 per row, at column y[i]; with leading dimension ld the
 * entry (i, y[i]) is at offset i + y[i]*ld.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  size_t ld;
  double *d;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* P - Y */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  d = g->dz2->data;
  ld = N;
  for (i = 0; i < N; i++)
    d[i + y[i] * ld] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2(j) = sum of column j */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&col.vector));
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0) */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view z = gsl_matrix_const_column (cache->z1, j);
      gsl_vector_view dp = gsl_matrix_column (g->dp1, j);
      gsl_vector_view dz = gsl_matrix_column (g->dz1, j);
      for (i = 0; i < N; i++)
        gsl_vector_set (&dz.vector, i, gsl_vector_get (&z.vector, i) > 0
                        ? gsl_vector_get (&dp.vector, i) : 0.0);
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&col.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
