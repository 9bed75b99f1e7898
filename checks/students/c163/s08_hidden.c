/* backward.c -- HW3
 * follows the lecture slides: upstream gradient times local gradient */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = dz2^T * 1 */
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1: local gradient of p1 W2 w.r.t. p1 is W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0,
                  g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 = dz1^T * 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
