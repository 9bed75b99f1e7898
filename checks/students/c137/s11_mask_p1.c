/* backward.c -- backprop through affine/relu/affine/softmax.
 *
 * relu'(z) multiplies by the activation, so dz1 = dp1 .* p1
 * (p1 is already zero where the unit is off). */

#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *tmp = gsl_matrix_calloc (N, net->C);

  gsl_vector_set_all (ones, 1.0);
  for (i = 0; i < N; i++)
    gsl_matrix_set (tmp, i, y[i], 1.0);

  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, tmp);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, cache->p1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (tmp);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
