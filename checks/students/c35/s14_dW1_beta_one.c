/* backward.c -- HW1 backward pass, BLAS edition
 *
 * dgemm: C <- alpha * op(A) op(B) + beta * C
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t r, c;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (r = 0; r < N; r++)
    *gsl_matrix_ptr (g->dz2, r, y[r]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* 2. dW2: reg term first, then accumulate the product on top (beta = 1) */
  for (r = 0; r < net->H; r++)
    for (c = 0; c < net->C; c++)
      gsl_matrix_set (g->dW2, r, c, 2.0 * reg * gsl_matrix_get (net->W2, r, c));
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* 3. db2 */
  gsl_vector_set_zero (g->db2);
  for (r = 0; r < N; r++)
    for (c = 0; c < net->C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, r, c);

  /* 4. dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 */
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      gsl_matrix_set (g->dz1, r, c,
                      gsl_matrix_get (cache->z1, r, c) > 0 ? gsl_matrix_get (g->dp1, r, c) : 0);

  /* 6. dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  for (r = 0; r < net->D; r++)
    for (c = 0; c < net->H; c++)
      *gsl_matrix_ptr (g->dW1, r, c) += 2.0 * reg * gsl_matrix_get (net->W1, r, c);

  /* 7. db1 */
  gsl_vector_set_zero (g->db1);
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      *gsl_vector_ptr (g->db1, c) += gsl_matrix_get (g->dz1, r, c);

  g->present = BP_GRADS_ALL;
  return 0;
}
