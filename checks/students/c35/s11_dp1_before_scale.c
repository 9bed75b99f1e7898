/* backward.c -- HW1, backprop through the two layer net.
 *
 * I keep dscores as (probs - onehot) without the 1/N and put the 1/N into
 * alpha of each dgemm instead (saves a pass over the matrix, I think).
 * g->dz2 gets its 1/N at the end because the checker wants dz2 itself.
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
  size_t n, k;
  double alpha;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  alpha = 1.0 / (double) N;

  /* dscores (no 1/N yet) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);

  /* dW2 = alpha * p1^T dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, alpha, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = alpha * column sums */
  for (k = 0; k < net->C; k++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, k);
      gsl_vector_set (g->db2, k, alpha * s);
    }

  /* dp1 = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* now dz2 itself */
  gsl_matrix_scale (g->dz2, alpha);

  /* relu backward */
  for (n = 0; n < N; n++)
    for (k = 0; k < net->H; k++)
      if (gsl_matrix_get (cache->z1, n, k) > 0.0)
        gsl_matrix_set (g->dz1, n, k, gsl_matrix_get (g->dp1, n, k));
      else
        gsl_matrix_set (g->dz1, n, k, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (k = 0; k < net->H; k++)
    {
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, k);
      gsl_vector_set (g->db1, k, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
