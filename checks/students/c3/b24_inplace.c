/* backward.c -- translated from the numpy idiom
 *     dhidden = dscores.dot(W2.T)
 *     dhidden[hidden_layer <= 0] = 0
 * which masks the hidden gradient in place, then uses it for W1 and b1. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  /* dscores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0));
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dhidden = dscores W2^T;  dhidden[hidden <= 0] = 0 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->p1, i, j) <= 0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
