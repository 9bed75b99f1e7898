/*
 * Two-layer net, backward pass.
 *
 * Shapes (N samples, D inputs, H hidden, C classes):
 *   X    N x D       W1   D x H      b1   H
 *   z1   N x H       p1   N x H
 *   W2   H x C       b2   C          z2   N x C
 *
 * I follow the graph backwards one node at a time.
 */

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

  /* node: softmax cross-entropy.  Its input is z2. */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* node: z2 = (hidden layer) W2 + b2.  The hidden layer is z1 after the
   * relu; the gradient of W2 is (hidden layer)^T times dz2. */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);

  /* b2 is added to every row, so its gradient sums the rows of dz2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (g->dz2, i, j);

  /* the input of that node: dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* node: p1 = relu(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* node: z1 = X W1 + b1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
