/* backward.c  (2-layer net, GSL)
 *
 * forward was   z1 = X W1 + b1,  h = relu(z1),  z2 = h W2 + b2
 * so backward:  dW2 = h' dz2 + 2 reg W2, dW1 = X' dz1 + 2 reg W1
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
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *onehot, *relu_mask;
  gsl_vector *ones_N;
  const gsl_matrix *h = cache->z1;   /* hidden activations */

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  onehot = gsl_matrix_calloc (N, C);
  relu_mask = gsl_matrix_alloc (N, H);
  ones_N = gsl_vector_alloc (N);
  gsl_vector_set_all (ones_N, 1.0);

  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, h, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones_N, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones_N, 0.0, g->db1);

  gsl_vector_free (ones_N);
  gsl_matrix_free (relu_mask);
  gsl_matrix_free (onehot);
  g->present = BP_GRADS_ALL;
  return 0;
}
