/*
 * backward.c -- Lab 4
 *
 * dz2 = prob - Y, with Y one-hot.  I build Y one row at a time in a
 * vector `onehot' and subtract it with gsl_vector_sub, then every
 * other gradient is done per sample with dger / dgemv.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t nsamp = X->size1;
  size_t s, u;
  gsl_vector *onehot = gsl_vector_calloc (net->C);

  gsl_matrix_set_zero (g->dW2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (s = 0; s < nsamp; s++)
    {
      gsl_vector_const_view prob = gsl_matrix_const_row (cache->prob, s);
      gsl_vector_view d = gsl_matrix_row (g->dz2, s);

      gsl_vector_set (onehot, y[s], 1.0);
      gsl_vector_memcpy (&d.vector, &prob.vector);
      gsl_vector_sub (&d.vector, onehot);
      gsl_vector_scale (&d.vector, 1.0 / nsamp);
    }

  for (s = 0; s < nsamp; s++)
    {
      gsl_vector_const_view d = gsl_matrix_const_row (g->dz2, s);
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->p1, s);
      gsl_vector_const_view pre = gsl_matrix_const_row (cache->z1, s);
      gsl_vector_const_view xs = gsl_matrix_const_row (X, s);
      gsl_vector_view dh = gsl_matrix_row (g->dp1, s);
      gsl_vector_view dpre = gsl_matrix_row (g->dz1, s);

      gsl_blas_dger (1.0, &hid.vector, &d.vector, g->dW2);
      gsl_blas_daxpy (1.0, &d.vector, g->db2);
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d.vector, 0.0, &dh.vector);

      for (u = 0; u < net->H; u++)
        gsl_vector_set (&dpre.vector, u,
                        gsl_vector_get (&pre.vector, u) > 0
                        ? gsl_vector_get (&dh.vector, u) : 0.0);

      gsl_blas_dger (1.0, &xs.vector, &dpre.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dpre.vector, g->db1);
    }

  /* + d/dW reg*|W|^2, row by row */
  for (u = 0; u < net->H; u++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, u);
      gsl_vector_view dw = gsl_matrix_row (g->dW2, u);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }
  for (u = 0; u < net->D; u++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, u);
      gsl_vector_view dw = gsl_matrix_row (g->dW1, u);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
    }
  gsl_vector_free (onehot);
  g->present = BP_GRADS_ALL;
  return 0;
}
