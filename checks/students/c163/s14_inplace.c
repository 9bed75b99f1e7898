/* backward.c -- homework 3
 * relu backward done in place on dp1 to save a buffer (dz may be dp,
 * the header says so), then copied over to dz1. */

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

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double t = (j == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, j, (gsl_matrix_get (cache->prob, i, j) - t) / N);
      }

  /* 2. dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);

  /* 3. db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (g->dz2, i, j);

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 -- zero out the dead units, in place */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dp1, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* 6. dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
