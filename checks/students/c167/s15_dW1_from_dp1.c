/* backward.c -- my backprop.  Products with dgemm, sums with dgemv. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, h;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (softmax - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 = dp1 where the unit was on */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (h = 0; h < net->H; h++)
    {
      gsl_vector_const_view z = gsl_matrix_const_column (cache->z1, h);
      gsl_vector_view d = gsl_matrix_column (g->dz1, h);
      for (i = 0; i < N; i++)
        if (gsl_vector_get (&z.vector, i) <= 0.0)
          gsl_vector_set (&d.vector, i, 0.0);
    }

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 1.0, g->dW1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
