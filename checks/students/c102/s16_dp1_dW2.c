/* backward.c -- HW3, two-layer net
 * all matrix products with gsl_blas_dgemm:
 *   dgemm(TransA, TransB, alpha, A, B, beta, C):  C = alpha op(A) op(B) + beta C */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1, *dz1 = g->dz1,
    *dW1 = g->dW1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz2, i, y[i], gsl_matrix_get (dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 2.0 * reg, dW2);

  /* db2 */
  for (j = 0; j < dz2->size2; j++)
    {
      gsl_vector_view col = gsl_matrix_column (dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, dW2, 0.0, dp1);

  /* dz1 */
  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < dz1->size2; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dz1, i, j, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);

  /* db1 */
  for (j = 0; j < dz1->size2; j++)
    {
      gsl_vector_view col = gsl_matrix_column (dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
