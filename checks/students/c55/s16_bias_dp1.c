/* backward.c -- backprop through the two-layer net.
 *
 * Helpers for the three pieces that come back twice (the weight
 * gradient, the bias gradient, the product with a transposed matrix);
 * the ReLU mask is applied row by row through vector views.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A' dZ + 2 reg W */
static void
grad_weights (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
              double reg, gsl_matrix *dW)
{
  assert (dW->size1 == A->size2 && dW->size2 == dZ->size2);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

/* db = column sums of dZ */
static void
grad_bias (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t j;

  assert (db->size == dZ->size2);
  for (j = 0; j < dZ->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      gsl_vector_set (db, j, gsl_vector_sum (&col.vector));
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;

  assert (cache->N == N && g->N == N && X->size2 == net->D);

  /* dz2 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);

      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer */
  grad_weights (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_bias (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ReLU, one sample at a time */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_const_view dp = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);

      gsl_vector_memcpy (&dz.vector, &dp.vector);
      for (j = 0; j < dz.vector.size; j++)
        if (gsl_vector_get (&z.vector, j) <= 0.0)
          gsl_vector_set (&dz.vector, j, 0.0);
    }

  /* first layer */
  grad_weights (X, g->dz1, net->W1, reg, g->dW1);
  grad_bias (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
