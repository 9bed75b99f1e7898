/* backward.c -- CS class, backprop exercise
 * Author's notes: db = column sums, done with dgemv against ones. */

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
  gsl_matrix *relu_mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  relu_mask = gsl_matrix_alloc (N, net->H);
  gsl_vector_set_all (ones, 1.0);

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *e = gsl_matrix_ptr (g->dz2, i, y[i]);
      *e -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (relu_mask, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dp1, ones, 0.0, g->db1);

  gsl_matrix_free (relu_mask);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
