/*
 * backward.c -- homework 3, part 2
 *
 * I keep "dscores" = probs - onehot WITHOUT the 1/N in a temporary and
 * put the 1/N in where it is needed.  That way the numbers I print while
 * debugging are O(1) and easier to compare with my hand calculation.
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
  size_t n, h;
  gsl_matrix *dscores;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dscores, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (dscores, n, y[n], gsl_matrix_get (dscores, n, y[n]) - 1.0);

  /* the real dz2 has the mean in it */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1^T dscores / N + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / N, cache->p1, dscores,
                  2 * reg, g->dW2);

  /* db2 = column sums / N */
  for (h = 0; h < net->C; h++)
    {
      gsl_vector_view col = gsl_matrix_column (dscores, h);
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db2, h, s / N);
    }

  /* into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0,
                  g->dp1);

  gsl_matrix_free (dscores);

  /* relu: copy and zero where it was off */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0)
        gsl_matrix_set (g->dz1, n, h, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  for (h = 0; h < net->H; h++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, h);
      double s = 0.0;
      for (n = 0; n < N; n++)
        s += gsl_vector_get (&col.vector, n);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
