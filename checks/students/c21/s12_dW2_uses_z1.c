/* backward.c -- student: Tomasz Zielinski
 *
 * dW2 = a1^T * dz2 + 2*reg*W2   where a1 is the hidden layer
 * ...
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c) - (double) (c == y[n])) / (double) N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, n, c);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (g->dp1, n, h) * (gsl_matrix_get (cache->z1, n, h) > 0.0));

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      *gsl_vector_ptr (g->db1, h) += gsl_matrix_get (g->dz1, n, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
