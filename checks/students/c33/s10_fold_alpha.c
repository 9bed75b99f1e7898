/* backward.c -- two-layer net, lab 3 -- Matteo Ferrandi
 *
 * To save a pass over the N x C matrix I keep the unscaled residual
 * E = P - Y in a scratch matrix and fold the 1/N into alpha of every BLAS
 * call that consumes it:
 *   dz2 = E/N                  dW2 = (1/N) p1^T E + 2 reg W2
 *   db2 = (1/N) E^T 1          dp1 = E W2^T / N
 * The hidden layer is then done normally from dp1. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, C = net->C, H = net->H;
  const double a = 1.0 / (double) N;
  gsl_matrix *E = gsl_matrix_alloc (N, C);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* E = P - Y (unscaled) */
  gsl_matrix_memcpy (E, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (E, i, y[i]) -= 1.0;

  /* dz2 = a E */
  gsl_matrix_memcpy (g->dz2, E);
  gsl_matrix_scale (g->dz2, a);

  /* dW2 = a p1^T E + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, a, cache->p1, E, 2.0 * reg, g->dW2);

  /* db2 = a E^T 1 */
  gsl_blas_dgemv (CblasTrans, a, E, ones, 0.0, g->db2);

  /* dp1 = E W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, E, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* [z1 > 0] */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (E);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
