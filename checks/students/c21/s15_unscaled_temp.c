/* backward.c -- I. Petrov
 *
 * Keep dscores (unscaled, prob - onehot) in a temporary: it is the
 * "per-sample" error, nicer to print when debugging.  The 1/N goes in
 * when the gradients are stored.
 */

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

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (dscores, i, y[i]) -= 1.0;

  /* dz2 = dscores / N */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, invN);

  /* dW2 = p1^T dscores / N + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, dscores, 2.0 * reg, g->dW2);

  /* db2 = colsum(dscores) / N */
  for (size_t c = 0; c < net->C; c++)
    {
      gsl_vector_view col = gsl_matrix_column (dscores, c);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, c, s * invN);
    }

  /* dp1 = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h,
                      gsl_matrix_get (cache->z1, i, h) > 0 ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (size_t h = 0; h < net->H; h++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, h);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, h, s);
    }

  gsl_matrix_free (dscores);
  g->present = BP_GRADS_ALL;
  return 0;
}
