/*
 * Lab 5 - backprop by hand
 * Student version, BLAS for the products (see lecture 9 example code).
 */

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
  gsl_matrix *tmpW1, *tmpW2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  tmpW1 = gsl_matrix_alloc (net->D, net->H);
  tmpW2 = gsl_matrix_alloc (net->H, net->C);

  /* === dz2 === */
  /* average over the batch, then the -1 for the correct class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* === dW2 === */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (tmpW2, net->W2);
  gsl_matrix_scale (tmpW2, 2 * reg);
  gsl_matrix_add (g->dW2, tmpW2);

  /* === db2 === */
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* === dp1 === */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* === dz1 === */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* === dW1 === */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (tmpW1, net->W1);
  gsl_matrix_scale (tmpW1, 2 * reg);
  gsl_matrix_add (g->dW1, tmpW1);

  /* === db1 === */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;

  gsl_matrix_free (tmpW1);
  gsl_matrix_free (tmpW2);
  return 0;
}
