/* Two-layer net: backward pass.  Reuses the gradient buffers instead of
 * allocating temporaries. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (A, j);
      double s = 0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* second layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_view W2 = gsl_matrix_view_array (net->W2->data, net->H, net->C);
  for (size_t h = 0; h < net->H; h++)
    for (size_t c = 0; c < net->C; c++)
      *gsl_matrix_ptr (g->dW2, h, c) += 2 * reg * gsl_matrix_get (&W2.matrix, h, c);
  sum_rows (g->dz2, g->db2);

  /* back into the hidden layer, through the relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, i, h) <= 0)
        gsl_matrix_set (g->dp1, i, h, 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* first layer */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < net->H; h++)
      *gsl_matrix_ptr (g->dW1, d, h) += 2 * reg * gsl_matrix_get (net->W1, d, h);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
