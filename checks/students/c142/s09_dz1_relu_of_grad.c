/* Backward pass of the two-layer net.
 *
 * Written row by row with vector views: each sample's row of dz2 gives
 * its row of dp1 (one dgemv) and, through the relu, its row of dz1; the
 * bias gradients are summed along the way.  Weights by dgemm at the end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* relu backward for one row: the gradient passes where it is positive,
 * like the forward pass max(0, .) */
static void
relu_back_row (const gsl_vector *dp, gsl_vector *dz)
{
  size_t j;
  for (j = 0; j < dp->size; j++)
    {
      double v = gsl_vector_get (dp, j);
      gsl_vector_set (dz, j, v > 0.0 ? v : 0.0);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || g->N != N)
    return 1;

  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d2 = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);

      /* dz2_i = (p_i - e_y) / N, and into db2 */
      gsl_vector_memcpy (&d2.vector, &p.vector);
      gsl_vector_set (&d2.vector, y[i], gsl_vector_get (&d2.vector, y[i]) - 1.0);
      gsl_vector_scale (&d2.vector, 1.0 / (double) N);
      gsl_vector_add (g->db2, &d2.vector);

      /* dp1_i = W2 dz2_i  (W2 is H x C) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d2.vector, 0.0, &dp.vector);

      /* dz1_i through the relu, and into db1 */
      relu_back_row (&dp.vector, &dz.vector);
      gsl_vector_add (g->db1, &dz.vector);
    }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
