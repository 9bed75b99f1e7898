/*
 * backward.c
 * Olivia Brandt -- Deep Learning I, homework 2
 *
 * Follows the lecture slides: upstream gradient times local gradient, one
 * node at a time.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy node */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second affine node */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);               /* regularisation part */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  for (size_t c = 0; c < net->C; c++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, c);
      double s = 0.0;
      for (size_t i = 0; i < N; i++) s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu node */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      {
        double z = gsl_matrix_get (cache->z1, i, h);
        gsl_matrix_set (g->dz1, i, h, z > 0 ? gsl_matrix_get (g->dp1, i, h) : 0.0);
      }

  /* first affine node */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  for (size_t h = 0; h < net->H; h++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, h);
      double s = 0.0;
      for (size_t i = 0; i < N; i++) s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
