/* Backward pass for the 2 layer net -- assignment 2
 * dz2 = softmax - onehot, then everything else follows from the chain rule */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  gsl_matrix *relu_d = gsl_matrix_alloc (N, H);
  gsl_vector *ones = gsl_vector_alloc (N);

  gsl_vector_set_all (ones, 1.0);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);

  /* softmax + cross entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);

  /* second layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu derivative: 1 if z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_d, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_d);

  /* first layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (relu_d);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
