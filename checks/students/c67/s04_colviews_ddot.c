/* Backward pass, column by column.
 *
 * I think of every gradient entry as an inner product of two columns
 * (like crossprod() in R): dW2[j,c] = <p1[,j], dz2[,c]>, and a column sum
 * is an inner product with a vector of ones.  GSL column views + ddot.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double v;
  gsl_vector *one;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  one = gsl_vector_alloc (N);
  if (one == NULL)
    return 1;
  gsl_vector_set_all (one, 1.0);

  /* dz2 = (prob - Y)/N, one column per class */
  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view pk = gsl_matrix_const_column (cache->prob, k);
      gsl_vector_view dk = gsl_matrix_column (g->dz2, k);
      gsl_vector_memcpy (&dk.vector, &pk.vector);
      for (i = 0; i < N; i++)
        if (y[i] == k)
          gsl_vector_set (&dk.vector, i, gsl_vector_get (&dk.vector, i) - 1.0);
      gsl_vector_scale (&dk.vector, 1.0 / N);
    }

  /* dW2, db2 */
  for (k = 0; k < C; k++)
    {
      gsl_vector_const_view dk = gsl_matrix_const_column (g->dz2, k);
      for (j = 0; j < H; j++)
        {
          gsl_vector_const_view pj = gsl_matrix_const_column (cache->p1, j);
          gsl_blas_ddot (&pj.vector, &dk.vector, &v);
          gsl_matrix_set (g->dW2, j, k, v + 2 * reg * gsl_matrix_get (net->W2, j, k));
        }
      gsl_blas_ddot (one, &dk.vector, &v);
      gsl_vector_set (g->db2, k, v);
    }

  /* dp1[i,j] = <dz2[i,], W2[j,]>  (rows this time) */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view di = gsl_matrix_const_row (g->dz2, i);
      for (j = 0; j < H; j++)
        {
          gsl_vector_const_view wj = gsl_matrix_const_row (net->W2, j);
          gsl_blas_ddot (&di.vector, &wj.vector, &v);
          gsl_matrix_set (g->dp1, i, j, v);
        }
    }

  /* dz1 = dp1 * (z1 > 0), then dW1, db1 column by column */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view zj = gsl_matrix_column (g->dz1, j);
      gsl_vector_const_view dpj = gsl_matrix_const_column (g->dp1, j);
      gsl_vector_memcpy (&zj.vector, &dpj.vector);
      for (i = 0; i < N; i++)
        if (!(gsl_matrix_get (cache->z1, i, j) > 0))
          gsl_vector_set (&zj.vector, i, 0.0);
      for (k = 0; k < D; k++)
        {
          gsl_vector_const_view xk = gsl_matrix_const_column (X, k);
          gsl_blas_ddot (&xk.vector, &zj.vector, &v);
          gsl_matrix_set (g->dW1, k, j, v + 2 * reg * gsl_matrix_get (net->W1, k, j));
        }
      gsl_blas_ddot (one, &zj.vector, &v);
      gsl_vector_set (g->db1, j, v);
    }

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
