/* Backward pass of the 2-layer net.
   Sums are written as dot products with a vector of ones. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t a, b;
  double s;
  gsl_vector *ones_c, *ones_n;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones_c = gsl_vector_alloc (C);   /* for db2, which has C entries */
  ones_n = gsl_vector_alloc (N);
  gsl_vector_set_all (ones_c, 1.0);
  gsl_vector_set_all (ones_n, 1.0);

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (a = 0; a < N; a++)
    gsl_matrix_set (g->dz2, a, y[a], gsl_matrix_get (g->dz2, a, y[a]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      {
        gsl_vector_const_view u = gsl_matrix_const_column (cache->p1, a);
        gsl_vector_view v = gsl_matrix_column (g->dz2, b);
        gsl_blas_ddot (&u.vector, &v.vector, &s);
        gsl_matrix_set (g->dW2, a, b, s + 2 * reg * gsl_matrix_get (net->W2, a, b));
      }

  for (b = 0; b < C; b++)
    {
      gsl_vector_view v = gsl_matrix_row (g->dz2, b);
      gsl_blas_ddot (&v.vector, ones_c, &s);
      gsl_vector_set (g->db2, b, s);
    }

  /* ---- hidden layer ---- */
  for (a = 0; a < N; a++)
    for (b = 0; b < H; b++)
      {
        gsl_vector_view u = gsl_matrix_row (g->dz2, a);
        gsl_vector_const_view v = gsl_matrix_const_row (net->W2, b);
        gsl_blas_ddot (&u.vector, &v.vector, &s);
        gsl_matrix_set (g->dp1, a, b, s);
      }

  for (a = 0; a < N; a++)
    for (b = 0; b < H; b++)
      {
        double dp = gsl_matrix_get (g->dp1, a, b);
        gsl_matrix_set (g->dz1, a, b, gsl_matrix_get (cache->z1, a, b) > 0 ? dp : 0.0);
      }

  for (a = 0; a < net->D; a++)
    for (b = 0; b < H; b++)
      {
        gsl_vector_const_view u = gsl_matrix_const_column (X, a);
        gsl_vector_view v = gsl_matrix_column (g->dz1, b);
        gsl_blas_ddot (&u.vector, &v.vector, &s);
        gsl_matrix_set (g->dW1, a, b, s + 2 * reg * gsl_matrix_get (net->W1, a, b));
      }

  for (b = 0; b < H; b++)
    {
      gsl_vector_view v = gsl_matrix_column (g->dz1, b);
      gsl_blas_ddot (&v.vector, ones_n, &s);
      gsl_vector_set (g->db1, b, s);
    }

  gsl_vector_free (ones_c);
  gsl_vector_free (ones_n);
  g->present = BP_GRADS_ALL;
  return 0;
}
