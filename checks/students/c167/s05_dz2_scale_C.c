/* backward.c -- backward pass, two-layer net
 * uses gsl views and blas everywhere */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dz2: softmax minus one-hot, averaged */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) C);

  /* dL/dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* dL/db2 */
  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (g->dz2, k);
      gsl_vector_set (g->db2, k, gsl_vector_sum (&c.vector));
    }

  /* dL/dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dL/dz1 */
  for (n = 0; n < N; n++)
    for (k = 0; k < H; k++)
      gsl_matrix_set (g->dz1, n, k, gsl_matrix_get (cache->z1, n, k) > 0.0
                      ? gsl_matrix_get (g->dp1, n, k) : 0.0);

  /* dL/dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* dL/db1 */
  for (k = 0; k < H; k++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (g->dz1, k);
      gsl_vector_set (g->db1, k, gsl_vector_sum (&c.vector));
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
