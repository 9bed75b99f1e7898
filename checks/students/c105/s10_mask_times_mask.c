/* Homework 6, backward pass.
 * One scratch matrix `work' (N x H): first dp1, then the relu mask. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_matrix *work;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  work = gsl_matrix_alloc (N, H);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* scores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* output layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden: dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, work);
  gsl_matrix_memcpy (g->dp1, work);

  /* relu mask 1/0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (work, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);

  /* dz1 = dp1 .* mask */
  gsl_matrix_memcpy (g->dz1, work);
  gsl_matrix_mul_elements (g->dz1, work);

  /* input layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (work);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
