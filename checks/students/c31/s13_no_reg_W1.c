/* backward.c
 * 2-layer net backward pass, HW3
 * it trains!! loss goes down to 0.3 on the toy data
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double tmp;
  gsl_matrix *res;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* --- output layer --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      tmp = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], tmp - 1);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  res = gsl_matrix_alloc (net->H, net->C);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, res);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  gsl_matrix_add (g->dW2, res);
  gsl_matrix_free (res);

  for (j = 0; j < net->C; j++)
    {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, tmp);
    }

  /* --- hidden layer --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        tmp = gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, tmp * gsl_matrix_get (g->dp1, i, j));
      }

  /* --- first layer --- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  // TODO reg for W1 ?

  for (j = 0; j < net->H; j++)
    {
      tmp = 0;
      for (i = 0; i < N; i++)
        tmp += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, tmp);
    }

  //printf ("|dW1| = %f\n", gsl_matrix_max (g->dW1));
  g->present = BP_GRADS_ALL;
  return 0;
}
