/* backward.c -- my backward pass for the two-layer net
 *
 * Softmax backward as a vector-Jacobian product: with J = diag(p) - p p^T,
 *   dz = J dp = p .* dp - p (p . dp) = p .* (dp - p . dp)
 * done in place in the row of g->dz2. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, h;
  gsl_vector *ones;
  double dot;

  if (N != cache->N || X->size2 != net->D)
    return 1;

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);

      /* row <- dL/dprob */
      gsl_vector_set_zero (&row.vector);
      gsl_vector_set (&row.vector, y[i],
                      -1.0 / (N * gsl_vector_get (&p.vector, y[i])));
      /* row <- p .* (row - p . row) */
      gsl_blas_ddot (&p.vector, &row.vector, &dot);
      gsl_vector_add_constant (&row.vector, -dot);
      gsl_vector_mul (&row.vector, &p.vector);
    }

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* output layer */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (h = 0; h < net->H; h++)
      if (!(gsl_matrix_get (cache->z1, i, h) > 0))
        gsl_matrix_set (g->dz1, i, h, 0.0);

  /* input layer */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
