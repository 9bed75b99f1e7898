/*
 * backward.c  --  hw1 / two layer net
 *
 * numpy reference (from my notebook, the part under "Backward pass"):
 *
 *   dscores = probs
 *   dscores[range(N), y] -= 1
 *   dscores /= N
 *   grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2
 *   grads['b2'] = np.sum(dscores, axis=0)
 *   dhidden = np.dot(dscores, W2.T)
 *   dhidden[hidden_layer <= 0] = 0
 *   grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
 *   grads['b1'] = np.sum(dhidden, axis=0)
 *
 * Column sums are done as ones.T @ A (dgemv with CblasTrans), the ReLU
 * mask as a 0/1 matrix multiplied in elementwise.  I did dhidden first
 * and the weight grads after; the order doesn't matter once dscores is
 * done.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t i, j;
  gsl_vector *ones;
  gsl_matrix *relu_mask;

  ones = gsl_vector_alloc (N);
  relu_mask = gsl_matrix_alloc (N, H);
  if (ones == NULL || relu_mask == NULL)
    {
      gsl_vector_free (ones);
      gsl_matrix_free (relu_mask);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);

  /* dscores = probs */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  /* dscores /= N */
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dhidden = np.dot(dscores, W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dhidden[hidden_layer <= 0] = 0   ==   dhidden * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_mask, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* grads['W2'] = np.dot(hidden_layer.T, dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);

  /* grads['b2'] = np.sum(dscores, axis=0)   -> dscores.T @ ones */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* grads['b1'] = np.sum(dhidden, axis=0)   -> dhidden.T @ ones */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  gsl_matrix_free (relu_mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
