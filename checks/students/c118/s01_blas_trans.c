/* backward.c -- Numerical Methods II, lab 6.
 * Backward pass of the two-layer net.  Everything is a matrix product,
 * so everything goes through BLAS level 3; the transposes are left to
 * the Trans flags, no copies.
 *
 *   dz2 = (P - Y)/N            dW2 = p1^T dz2 + 2 reg W2    db2 = 1^T dz2
 *   dp1 = dz2 W2^T             dz1 = dp1 .* [z1 > 0]
 *   dW1 = X^T dz1 + 2 reg W1   db1 = 1^T dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = column sums of A, one column at a time */
static void
column_sums (const gsl_matrix *A, gsl_vector *b)
{
  size_t j;
  for (j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view a = gsl_matrix_const_column (A, j);
      gsl_vector_set (b, j, gsl_vector_sum (&a.vector));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. scores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 = p1^T dz2 + 2 reg W2 : beta carries the penalty */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. */
  column_sums (g->dz2, g->db2);

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. ReLU, column by column */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view zc = gsl_matrix_const_column (cache->z1, j);
      gsl_vector_const_view dpc = gsl_matrix_const_column (g->dp1, j);
      gsl_vector_view dzc = gsl_matrix_column (g->dz1, j);
      for (i = 0; i < N; i++)
        gsl_vector_set (&dzc.vector, i,
                        gsl_vector_get (&zc.vector, i) > 0.0
                        ? gsl_vector_get (&dpc.vector, i) : 0.0);
    }

  /* 6. same trick as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. */
  column_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
