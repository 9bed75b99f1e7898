/* backward.c  Assignment 3 Q2
 *
 * I recompute relu myself in the backward to get the mask
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

double relu (double x)
{
  if (x > 0)
    return x;
  return 0;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double tmp, tmp2;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // ------- dz2 ---------
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
    {
      tmp = gsl_matrix_get (cache->prob, i, j);
      if (y[i] == j)
        tmp = tmp - 1;
      gsl_matrix_set (g->dz2, i, j, tmp / N);
    }

  // ------- dW2 ---------
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  // ------- db2 ---------
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, i, j));

  // ------- dp1 ---------
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // ------- dz1 ---------
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
    {
      tmp2 = relu (gsl_matrix_get (cache->z1, i, j));
      //if (gsl_matrix_get (cache->z1, i, j) > 0)
      if (tmp2 >= 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
    }

  // ------- dW1 ---------
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  // ------- db1 ---------
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
