/* backward.c -- HW3 backprop (GSL)
 *
 * Gradients (Y = one-hot labels, 1 = ones(N)):
 *   G2  = (P - Y)/N                    N x C
 *   dW2 = p1^T G2 + 2 reg W2           H x C
 *   db2 = G2^T 1                       C
 *   dp1 = G2 W2^T                      N x H
 *   G1  = dp1 .* 1(z1 > 0)             N x H
 *   dW1 = X^T G1 + 2 reg W1            D x H
 *   db1 = G1^T 1                       H
 * Transposes are taken as views where possible, no copies.
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
  const size_t N = X->size1, D = X->size2, H = net->H;
  size_t i, j;
  gsl_vector *one = gsl_vector_alloc (N);
  gsl_matrix_const_view Xt = gsl_matrix_const_view_array (X->data, D, N);

  gsl_vector_set_all (one, 1.0);

  /* G2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, &Xt.matrix, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
