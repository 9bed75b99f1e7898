/*  backward.c
 *
 *  Backprop for the 2-layer net.  Regularization part:
 *      d/dW (reg * sum W^2) = 2 * reg * W
 *  I keep it in a temp matrix and combine with the data part.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *R2, *R1;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  R2 = gsl_matrix_alloc (H, C);
  R1 = gsl_matrix_alloc (D, H);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (R2, net->W2);
  gsl_matrix_scale (R2, 2.0 * reg);
  gsl_matrix_sub (g->dW2, R2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, j);
      gsl_vector_set (g->db2, j, gsl_vector_sum (&col.vector));
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (R1, net->W1);
  gsl_matrix_scale (R1, 2.0 * reg);
  gsl_matrix_add (g->dW1, R1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      gsl_vector_set (g->db1, j, gsl_vector_sum (&col.vector));
    }

  gsl_matrix_free (R2);
  gsl_matrix_free (R1);
  g->present = BP_GRADS_ALL;
  return 0;
}
