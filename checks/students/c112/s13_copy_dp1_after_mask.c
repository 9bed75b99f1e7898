/* backward.c
 *
 * dz1 is computed first (it is what dW1 and db1 need), dp1 is
 * just saved from it.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* relu backward in place: dz[i][j] = 0 where z[i][j] <= 0 */
static void
relu_back_inplace (gsl_matrix *dz, const gsl_matrix *z)
{
  size_t i, j;
  for (i = 0; i < dz->size1; i++)
    for (j = 0; j < dz->size2; j++)
      if (gsl_matrix_get (z, i, j) <= 0.0)
        gsl_matrix_set (dz, i, j, 0.0);
}

/* out = column sums of A */
static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  colsum (g->dz2, g->db2);

  /* dz1 = (dz2 W2^T) .* [z1 > 0] */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
  relu_back_inplace (g->dz1, cache->z1);
  gsl_matrix_memcpy (g->dp1, g->dz1);   /* keep dp1 too */

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
