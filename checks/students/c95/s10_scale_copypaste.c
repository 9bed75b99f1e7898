/*
 * backward.c -- backprop for the two layer net
 *
 * Strategy: compute the gradient of the SUMMED loss sample by sample
 * (dL_n/dz2 = p_n - e_{y_n}, no 1/N), accumulate, and only at the end
 * divide by N to get the gradient of the mean.  Regularisation after that.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, n, j;
  double invN = 1.0 / N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  /* dz2 = prob - onehot for the whole batch at once */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);

  for (n = 0; n < N; n++) {
    gsl_vector_view e2 = gsl_matrix_row (g->dz2, n);
    gsl_vector_view e1 = gsl_matrix_row (g->dp1, n);
    gsl_vector_view e0 = gsl_matrix_row (g->dz1, n);
    gsl_vector_const_view a1 = gsl_matrix_const_row (cache->p1, n);
    gsl_vector_const_view x = gsl_matrix_const_row (X, n);

    gsl_blas_dger (1.0, &a1.vector, &e2.vector, g->dW2);
    gsl_vector_add (g->db2, &e2.vector);

    gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &e2.vector, 0.0, &e1.vector);
    gsl_vector_memcpy (&e0.vector, &e1.vector);
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, n, j) <= 0)
        gsl_vector_set (&e0.vector, j, 0);

    gsl_blas_dger (1.0, &x.vector, &e0.vector, g->dW1);
    gsl_vector_add (g->db1, &e0.vector);
  }

  /* sum -> mean */
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* regularisation */
  {
    gsl_matrix *r2 = gsl_matrix_alloc (H, net->C);
    gsl_matrix *r1 = gsl_matrix_alloc (net->D, H);
    gsl_matrix_memcpy (r2, net->W2);
    gsl_matrix_memcpy (r1, net->W1);
    gsl_matrix_scale (r2, 2 * reg);
    gsl_matrix_scale (r1, 2 * reg);
    gsl_matrix_add (g->dW2, r2);
    gsl_matrix_add (g->dW1, r1);
    gsl_matrix_free (r2);
    gsl_matrix_free (r1);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
