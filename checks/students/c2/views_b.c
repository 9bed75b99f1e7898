#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_matrix *mask = gsl_matrix_alloc (N, net->H);
  gsl_matrix *tmp;

  // dscores
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  // layer 2 params
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  for (size_t k = 0; k < net->C; k++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, k);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  // hidden
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu backward: zero out the dead units
  gsl_matrix_memcpy (mask, cache->p1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (mask, i, j) > 0)
        gsl_matrix_set (mask, i, j, 1.0);
  gsl_matrix_mul_elements (g->dp1, mask);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  // layer 1 params
  tmp = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, tmp);
  for (size_t j = 0; j < net->H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (tmp);
  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
