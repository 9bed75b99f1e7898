/* backward.c -- lab 3, backward pass.
 * One sample at a time with row views and dgemv, as in the lecture's
 * "vectorise over one example first" slide. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2, row by row */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_memcpy (&d.vector, &p.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / (double) N);
    }

  /* dW2 and db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      gsl_vector_add (g->db2, &d.vector);
    }

  /* dp1 row i = W2 * (dz2 row i), then relu for dz1 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz = gsl_matrix_row (g->dz1, i);

      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dp.vector);
      for (h = 0; h < net->H; h++)
        gsl_vector_set (&dz.vector, h,
                        gsl_matrix_get (cache->z1, i, h) > 0.0
                        ? gsl_vector_get (&dp.vector, h) : 0.0);
    }

  /* dW1 and db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d = gsl_matrix_row (g->dz1, i);
      gsl_vector_add (g->db1, &d.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
