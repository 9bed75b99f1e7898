/* backward.c -- CS 6140 (evening), HW3 part 2: two layer net, backward pass
 * J. Okafor
 *
 * I keep dscores un-normalised (prob - onehot) the whole way and put the 1/N
 * into the dgemm alphas instead; dz2 itself gets divided at the very end. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double s = 1.0 / N;

  if (N != cache->N || g->N != N)
    return 1;

  /* dscores = prob - onehot(y), NOT divided yet */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* dW2 = s p1^T dscores + 2 reg W2  (W2 copied in first, beta does the reg) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, s, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }
  gsl_vector_scale (g->db2, s);

  /* dp1 = s dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, s, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  /* finally the real dz2 */
  gsl_matrix_scale (g->dz2, s);

  g->present = BP_GRADS_ALL;
  return 0;
}
