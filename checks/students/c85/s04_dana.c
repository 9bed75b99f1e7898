/* backward.c -- Lab 5: backprop for the two-layer net
 *
 * Fill in each TODO block below.  Each block writes one or two of the
 * gradients in g (the shapes are in grads.h).  Do not change the
 * signature.
 *
 * Dana R. -- I recompute the softmax from the scores myself instead of
 * trusting cache->prob (max subtracted first so exp doesn't overflow).
 * Bias gradients are ones' * dZ with dgemv.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, k;
  gsl_vector *ones;
  gsl_matrix *mask;

  ones = gsl_vector_alloc (N);
  mask = gsl_matrix_alloc (N, H);
  if (ones == NULL || mask == NULL)
    {
      gsl_vector_free (ones);
      gsl_matrix_free (mask);
      return 1;
    }
  gsl_vector_set_all (ones, 1.0);

  /* TODO (1): compute dscores = dL/dz2 -> g->dz2 */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view zi = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_view di = gsl_matrix_row (g->dz2, i);
      double m = gsl_vector_max (&zi.vector), tot = 0.0;
      for (k = 0; k < C; k++)
        {
          double e = exp (gsl_vector_get (&zi.vector, k) - m);
          gsl_vector_set (&di.vector, k, e);
          tot += e;
        }
      gsl_vector_scale (&di.vector, 1.0 / tot);        /* softmax row */
      gsl_vector_set (&di.vector, y[i], gsl_vector_get (&di.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* TODO (2): backprop into W2 and b2.  Remember the regularization! */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* TODO (3): backprop into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* TODO (4): backprop through the ReLU */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      gsl_matrix_set (mask, i, k, gsl_matrix_get (cache->z1, i, k) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);      /* dz1 = dp1 .* 1[z1 > 0] */

  /* TODO (5): backprop into W1 and b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (mask);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
