/* backward.c -- CS 2xx honours, assignment 3.  Backward pass of the
 * two-layer net.  dz2 is built in place in g, then everything follows
 * from it with BLAS. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  gsl_vector *ones;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if ((ones = gsl_vector_alloc (N)) == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (P - Y)/N: take the mean first, then remove the label column */
  gsl_matrix_memcpy (dz2, cache->prob);
  gsl_matrix_scale (dz2, 1.0 / (double) N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz2, i, y[i], gsl_matrix_get (dz2, i, y[i]) - 1.0);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, dz2, ones, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                                 ? gsl_matrix_get (dp1, i, j) : 0);

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
