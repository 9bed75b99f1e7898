/*
 * CS 4780 -- PA2, backward pass
 * uses gsl_blas_dgemm for the matrix products
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, c = net->C;
  size_t i, k;

  /* softmax loss gradient */
  for (i = 0; i < n; i++)
    for (k = 0; k < c; k++)
      gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k)
                                     - (y[i] == k)) / (double) n);

  /* second layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    gsl_vector_const_view w2 = gsl_vector_const_view_array (net->W2->data, h * c);
    gsl_vector_view dw2 = gsl_vector_view_array (g->dW2->data, h * c);
    gsl_blas_daxpy (2.0 * reg, &w2.vector, &dw2.vector);
  }
  for (k = 0; k < c; k++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, k);
      double s = 0.0;
      for (i = 0; i < n; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* first layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < n; i++)
    for (k = 0; k < h; k++)
      gsl_matrix_set (g->dz1, i, k, gsl_matrix_get (cache->z1, i, k) > 0
                      ? gsl_matrix_get (g->dp1, i, k) : 0.0);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (k = 0; k < h; k++)
      *gsl_matrix_ptr (g->dW1, i, k) += reg * gsl_matrix_get (net->W1, i, k);
  for (k = 0; k < h; k++)
    {
      double s = 0.0;
      for (i = 0; i < n; i++)
        s += gsl_matrix_get (g->dz1, i, k);
      gsl_vector_set (g->db1, k, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
