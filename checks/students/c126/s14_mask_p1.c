/* backward pass for the 2-layer net
 * NOTE: p1 = relu(z1) is already 0 where the unit is off, so I use p1
 * itself as the relu mask instead of building a new one. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  gsl_matrix *Y, *mask, *a1T, *xT, *w2T, *tmp2, *tmp1;
  gsl_vector *ones;
  size_t k;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  Y = gsl_matrix_calloc (N, C);
  for (k = 0; k < N; k++)
    gsl_matrix_set (Y, k, y[k], 1.0);

  mask = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (mask, cache->p1);

  a1T = gsl_matrix_alloc (H, N);
  xT = gsl_matrix_alloc (D, N);
  w2T = gsl_matrix_alloc (C, H);
  gsl_matrix_transpose_memcpy (a1T, cache->p1);
  gsl_matrix_transpose_memcpy (xT, X);
  gsl_matrix_transpose_memcpy (w2T, net->W2);

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 */
  tmp2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (tmp2, net->W2);
  gsl_matrix_scale (tmp2, 2.0 * reg);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, a1T, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, tmp2);

  /* db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, w2T, 0.0, g->dp1);

  /* dz1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* dW1 */
  tmp1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (tmp1, net->W1);
  gsl_matrix_scale (tmp1, 2.0 * reg);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, xT, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, tmp1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (mask);
  gsl_matrix_free (a1T);
  gsl_matrix_free (xT);
  gsl_matrix_free (w2T);
  gsl_matrix_free (tmp2);
  gsl_matrix_free (tmp1);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
