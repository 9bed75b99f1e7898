/* backward.c -- my backward pass (HW3)
 *
 * shapes: dz2 N x C, dW2 H x C, dp1/dz1 N x H, dW1 D x H
 * VLAs for the scratch, viewed as gsl matrices for dgemm.
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double dout[N][C];
  double dhid[N][H];
  double b2acc[C], b1acc[H];
  gsl_matrix_view dout_v = gsl_matrix_view_array (&dout[0][0], N, C);
  gsl_matrix_view dhid_v = gsl_matrix_view_array (&dhid[0][0], N, H);

  /* gradient of the mean cross-entropy wrt the scores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      dout[i][j] = (gsl_matrix_get (cache->prob, i, j)
                    - (j == y[i])) / (double) N;
  gsl_matrix_memcpy (g->dz2, &dout_v.matrix);

  /* W2: hidden layer output transposed times dout, + d/dW2 of reg|W2|^2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, &dout_v.matrix,
                  2.0 * reg, g->dW2);

  /* b2 */
  memset (b2acc, 0, sizeof b2acc);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      b2acc[j] += dout[i][j];
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, b2acc[j]);

  /* back through W2 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dout_v.matrix, net->W2,
                  0.0, &dhid_v.matrix);
  gsl_matrix_memcpy (g->dp1, &dhid_v.matrix);

  /* back through the relu: only where it was active */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        dhid[i][j] = 0.0;
  gsl_matrix_memcpy (g->dz1, &dhid_v.matrix);

  /* W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dhid_v.matrix,
                  2.0 * reg, g->dW1);

  /* b1 */
  memset (b1acc, 0, sizeof b1acc);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      b1acc[j] += dhid[i][j];
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, b1acc[j]);

  g->present = BP_GRADS_ALL;
  return 0;
}
