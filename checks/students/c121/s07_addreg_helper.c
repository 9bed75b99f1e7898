/* backward.c -- two-layer net, hw 3
 * BLAS for the products, one helper for the L2 part of both weights. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* add the gradient of the L2 penalty to dW, in place */
static int
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix *tmp = gsl_matrix_alloc (W->size1, W->size2);
  if (tmp == NULL)
    return 1;
  gsl_matrix_memcpy (tmp, W);
  gsl_matrix_scale (tmp, reg);          /* d/dW (reg * W^2) */
  gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double *row;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      row = gsl_matrix_ptr (g->dz2, i, 0);
      row[y[i]] -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 and db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  if (add_reg (g->dW2, net->W2, reg))
    return 1;
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 and dz1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      row = gsl_matrix_ptr (g->dz1, i, 0);
      for (j = 0; j < net->H; j++)
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          row[j] = 0.0;
    }

  /* dW1 and db1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  if (add_reg (g->dW1, net->W1, reg))
    return 1;
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
