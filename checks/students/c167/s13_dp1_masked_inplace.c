/* backward.c -- two-layer net
 * Relu backward done in place with mul_elements to save a copy. */

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
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  mask = gsl_matrix_calloc (N, H);

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j)
                                     - (j == y[i])) / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* mask = [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0.0)
        gsl_matrix_set (mask, i, j, 1.0);

  /* dz1 = dp1 .* mask */
  gsl_matrix_mul_elements (g->dp1, mask);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
