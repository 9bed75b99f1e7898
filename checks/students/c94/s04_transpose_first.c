/* backward.c
 *
 * Student: the two-layer backward pass.  I like to think of dp1 transposed
 * (H x N) = W2 * dz2', so I compute that and transpose it back with
 * gsl_matrix_transpose_memcpy.  The reg term is put in first (dW = 2 reg W)
 * and the data term is added on top by dgemm with beta = 1.
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
  const size_t N = X->size1;
  const size_t H = net->H;
  gsl_vector *one_N;
  gsl_matrix *dp1T, *relu_mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  one_N = gsl_vector_alloc (N);
  gsl_vector_set_all (one_N, 1.0);
  dp1T = gsl_matrix_alloc (H, N);
  relu_mask = gsl_matrix_alloc (N, H);

  /* dL/dz2 -- prob minus one at the label, averaged */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, n);
      gsl_vector_set (&row.vector, y[n], gsl_vector_get (&row.vector, y[n]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dL/dW2, dL/db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one_N, 0.0, g->db2);

  /* dL/dp1' = W2 dz2'  (H x C)(C x N) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, dp1T);
  gsl_matrix_transpose_memcpy (g->dp1, dp1T);

  /* dL/dz1 */
  for (size_t n = 0; n < N; n++)
    for (size_t k = 0; k < H; k++)
      gsl_matrix_set (relu_mask, n, k, gsl_matrix_get (cache->z1, n, k) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, relu_mask);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  /* dL/dW1, dL/db1, same as layer 2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one_N, 0.0, g->db1);

  gsl_matrix_free (relu_mask);
  gsl_matrix_free (dp1T);
  gsl_vector_free (one_N);
  g->present = BP_GRADS_ALL;
  return 0;
}
