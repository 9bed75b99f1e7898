/* backward.c -- Emma Lindqvist
 * two layer net backward, assignment 2
 * (translated from my numpy version:
 *    dscores = probs / N ; dscores[range(N), y] -= 1  ... ) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  for (size_t i = 0; i < N; i++)
    {
      double v = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], v - 1.0);
    }

  /* 2. dW2 (H, C) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (size_t h = 0; h < net->H; h++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));

  /* 3. db2 (C) */
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* 4. dp1 (N, H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 (N, H) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0)
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* 6. dW1 (D, H) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  /* 7. db1 (H) */
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
