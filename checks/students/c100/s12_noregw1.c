/*
 *  backward.c -- ML3 coursework 2 (backpropagation)
 *
 *  Steps (as in the notes):
 *   1. dscores      2. dW2, db2      3. dhidden
 *   4. relu         5. dW1, db1      (+ regularisation on the weights)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double ind = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j,
                        (gsl_matrix_get (cache->prob, i, j) - ind) / N);
      }

  /* 2. */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2 * reg * gsl_matrix_get (net->W2, i, j));

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* 3. */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* 4. */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 5. */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
