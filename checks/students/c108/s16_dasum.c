/* backward.c -- layer by layer, with a helper per layer type
 *
 *   linear_backward:  dW = A^T dZ + 2 reg W,  db = sum of dZ over rows
 *   relu_backward:    dZ = dA * [Z > 0]
 *
 * Column sums with BLAS level 1 (dasum) on column views.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
linear_backward (const gsl_matrix *dZ, const gsl_matrix *A,
                 const gsl_matrix *W, double reg,
                 gsl_matrix *dW, gsl_vector *db)
{
  size_t j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  for (j = 0; j < dZ->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      gsl_vector_set (db, j, gsl_blas_dasum (&col.vector));
    }
}

static void
relu_backward (const gsl_matrix *dA, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;

  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j,
                      gsl_matrix_get (Z, i, j) > 0 ? gsl_matrix_get (dA, i, j) : 0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax / cross-entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  linear_backward (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);
  linear_backward (g->dz1, X, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
