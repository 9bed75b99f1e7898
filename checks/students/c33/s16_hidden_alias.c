/* backward.c -- TP retropropagation (ENSx, 2A, calcul scientifique)
 * Binome : Manon Leroux / Theo Gautier
 *
 * Short names for the cached tensors first, then one BLAS call per
 * gradient.  h is the hidden layer, s the scores, P the probabilities. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *h = cache->z1;         /* hidden layer (N x H) */
  const gsl_matrix *P = cache->prob;       /* softmax (N x C) */
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const size_t N = X->size1, H = net->H;
  gsl_vector *u = gsl_vector_alloc (N);
  gsl_vector_set_all (u, 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, P);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = h^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, h, g->dz2, 2.0 * reg, g->dW2);

  /* db2 = dz2^T u */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, W2, 0.0, g->dp1);

  /* dz1 = dp1 .* [h > 0] */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (h, i, j) > 0.0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1^T u */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, u, 0.0, g->db1);

  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
