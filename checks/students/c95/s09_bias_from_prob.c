/* backward.c
 *
 * Loop over the batch; for each sample compute the "error" vectors of the
 * two layers and add their contributions.  Working vectors err_out (C) and
 * err_hid (H) are allocated once and overwritten for each sample.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t n, j;
  double scale;
  gsl_vector *err_out, *err_hid;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  err_out = gsl_vector_alloc (C);
  err_hid = gsl_vector_alloc (H);
  scale = 1.0 / (double) N;

  gsl_matrix_set_zero (g->dW2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view prob = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view pre = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view xin = gsl_matrix_const_row (X, n);
      gsl_vector_view dz2row = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1row = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1row = gsl_matrix_row (g->dz1, n);

      /* output error, with the 1/N of the mean */
      gsl_vector_memcpy (err_out, &prob.vector);
      gsl_vector_set (err_out, y[n], gsl_vector_get (err_out, y[n]) - 1.0);
      gsl_vector_scale (err_out, scale);
      gsl_vector_memcpy (&dz2row.vector, err_out);

      gsl_blas_dger (1.0, &hid.vector, err_out, g->dW2);
      gsl_blas_daxpy (scale, &prob.vector, g->db2);   /* bias: dz2/db2 = 1 */

      /* hidden error */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, err_out, 0.0, err_hid);
      gsl_vector_memcpy (&dp1row.vector, err_hid);
      for (j = 0; j < H; j++)
        if (gsl_vector_get (&pre.vector, j) <= 0.0)
          gsl_vector_set (err_hid, j, 0.0);
      gsl_vector_memcpy (&dz1row.vector, err_hid);

      gsl_blas_dger (1.0, &xin.vector, err_hid, g->dW1);
      gsl_vector_add (g->db1, err_hid);
    }

  /* weight decay, d(reg*W^2)/dW */
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, j);
      gsl_vector_view d = gsl_matrix_row (g->dW2, j);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
    }
  for (j = 0; j < net->D; j++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, j);
      gsl_vector_view d = gsl_matrix_row (g->dW1, j);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
    }

  gsl_vector_free (err_out);
  gsl_vector_free (err_hid);
  g->present = BP_GRADS_ALL;
  return 0;
}
