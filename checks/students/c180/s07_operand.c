/* YZM Odev 2 -- Emre Sahin
 * two-layer network, backward pass
 *
 *   z1 = X W1 + b1, h = relu(z1), z2 = h W2 + b2
 *   dW2 = h^T dz2, dW1 = X^T dz1  (+ regularization)
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
  gsl_vector *birler;  /* vector of ones, for the column sums */

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  birler = gsl_vector_alloc (N);
  if (birler == NULL)
    return 1;
  gsl_vector_set_all (birler, 1.0);

  /* output gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second layer weights: h^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, birler, 0.0, g->db2);

  /* back to the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ReLU backward */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* first layer weights */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, birler, 0.0, g->db1);

  gsl_vector_free (birler);
  g->present = BP_GRADS_ALL;
  return 0;
}
