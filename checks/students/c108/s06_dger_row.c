/* backward.c -- two layer net, backward
 * Outer products per sample for the weights (gsl_blas_dger), like the
 * "sum over examples" form on the slides.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* -- output layer -- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = 2 reg W2 + sum_n p1[n] (x) dz2[n] */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * reg);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view hid = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view dsc = gsl_matrix_const_row (g->dz2, n);
      gsl_blas_dger (1.0, &hid.vector, &dsc.vector, g->dW2);
    }
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* -- hidden layer -- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0))
        gsl_matrix_set (g->dz1, n, h, 0.0);

  /* dW1 = 2 reg W1 + sum_n x[n] (x) dz1[n] */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * reg);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view xin = gsl_matrix_const_row (X, n);
      gsl_vector_const_view dh = gsl_matrix_const_row (g->dp1, n);
      gsl_blas_dger (1.0, &xin.vector, &dh.vector, g->dW1);
    }
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
