/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Lena V.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, k;

  /* TODO (1): compute dscores -> g->dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* TODO (2): backprop into W2 and b2.  Remember the regularization! */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (k = 0; k < net->C; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* TODO (3): backprop into the hidden layer -> g->dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* TODO (4): backprop through the ReLU -> g->dz1 */
  /* p1 is 0 wherever z1 <= 0, so multiplying by it kills those entries */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, cache->p1);
  /* printf ("dz1[0][0] = %f\n", gsl_matrix_get (g->dz1, 0, 0)); */

  /* TODO (5): backprop into W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  for (k = 0; k < net->H; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, k);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, k, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
