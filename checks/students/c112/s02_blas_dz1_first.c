/* Backward pass, BLAS version.
 *
 * The hidden gradient goes straight into g->dz1 with one gemm; a copy is
 * taken into g->dp1 BEFORE the relu mask, so dp1 needs no gemm of its own.
 * Biases: gemv against a vector of ones. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;
  gsl_vector *ones;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* scores: (p - [c == y]) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < net->C; c++)
      {
        double t = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          t -= 1.0;
        gsl_matrix_set (g->dz2, n, c, t * invN);
      }

  /* dW2 = p1' dz2 + 2 reg W2: W2 goes in first, gemm adds onto it (beta) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = dz2' 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden: dz2 W2' into dz1, keep the unmasked copy as dp1, then mask */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
  gsl_matrix_memcpy (g->dp1, g->dz1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0.0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1 = X' dz1 + 2 reg W1, same trick as dW2 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
