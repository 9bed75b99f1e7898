/* backward.c -- per-sample backward pass with rank-1 updates.
 *
 * Each sample n contributes p1[n]^T dz2[n] to dW2 (gsl_blas_dger) and
 * dz2[n] to db2; dp1[n] = W2 dz2[n] (gsl_blas_dgemv).  Same for layer 1.
 * Status of every call kept; all gradients are reset before accumulating.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* relu backward: dz = dp * relu'(z).  relu'(z) is what the forward pass
 * kept in the cache as p1, so multiply elementwise. */
static int
relu_backward (const gsl_matrix *dp, const gsl_matrix *act, gsl_matrix *dz)
{
  int s = gsl_matrix_memcpy (dz, dp);
  if (s != GSL_SUCCESS)
    return s;
  return gsl_matrix_mul_elements (dz, act);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t n;
  int s;

  if (N != cache->N || N != g->N)
    return GSL_EBADLEN;
  if (X->size2 != net->D || cache->p1->size2 != net->H
      || cache->prob->size2 != net->C)
    return GSL_EBADLEN;

  /* dz2 */
  if ((s = gsl_matrix_memcpy (g->dz2, cache->prob)))
    return s;
  for (n = 0; n < N; n++)
    {
      if (y[n] >= net->C)
        return GSL_EINVAL;
      *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
    }
  if ((s = gsl_matrix_scale (g->dz2, 1.0 / N)))
    return s;

  /* start the parameter gradients from their penalty terms */
  if ((s = gsl_matrix_memcpy (g->dW2, net->W2)) || (s = gsl_matrix_scale (g->dW2, 2.0 * reg)))
    return s;
  if ((s = gsl_matrix_memcpy (g->dW1, net->W1)) || (s = gsl_matrix_scale (g->dW1, 2.0 * reg)))
    return s;
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  /* layer 2, one sample at a time */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_const_view a = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_view dp = gsl_matrix_row (g->dp1, n);

      if ((s = gsl_blas_dger (1.0, &a.vector, &d.vector, g->dW2)))
        return s;
      if ((s = gsl_vector_add (g->db2, &d.vector)))
        return s;
      if ((s = gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0,
                               &dp.vector)))
        return s;
    }

  if ((s = relu_backward (g->dp1, cache->p1, g->dz1)))
    return s;

  /* layer 1 */
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_const_view x = gsl_matrix_const_row (X, n);

      if ((s = gsl_blas_dger (1.0, &x.vector, &d.vector, g->dW1)))
        return s;
      if ((s = gsl_vector_add (g->db1, &d.vector)))
        return s;
    }

  g->present = BP_GRADS_ALL;
  return GSL_SUCCESS;
}
