/* MATH 3xx / CS: neural net homework, backward()
 * Alexandre Roy
 *
 * Only the hidden units that fired (z1 > 0) pass any gradient back,
 * so I skip the dead ones already when computing dp1.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          v -= 1;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2 * reg, g->dW2);
  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1 = dz2 W2^T (only active units) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          for (k = 0; k < C; k++)
            s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1: relu, in place on a copy of dp1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
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
