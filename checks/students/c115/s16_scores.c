/* backward.c -- two layer net
 *
 * dscores: start from the scores, subtract 1 at the correct class,
 * divide by N.  Then every gradient entry is one ddot.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

static double
ddot_views (gsl_vector_const_view a, gsl_vector_const_view b)
{
  double r;
  gsl_blas_ddot (&a.vector, &b.vector, &r);
  return r;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j, k;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      gsl_vector_const_view sc = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_memcpy (&row.vector, &sc.vector);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dW2, j, k,
                      ddot_views (gsl_matrix_const_column (cache->p1, j),
                                  gsl_matrix_const_column (g->dz2, k))
                      + 2.0 * reg * gsl_matrix_get (net->W2, j, k));

  for (k = 0; k < net->C; k++)
    {
      gsl_vector_const_view one = gsl_vector_const_subvector (ones, 0, N);
      gsl_vector_set (g->db2, k,
                      ddot_views (gsl_matrix_const_column (g->dz2, k), one));
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dp1, i, j,
                      ddot_views (gsl_matrix_const_row (g->dz2, i),
                                  gsl_matrix_const_row (net->W2, j)));

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j,
                      ddot_views (gsl_matrix_const_column (X, i),
                                  gsl_matrix_const_column (g->dz1, j))
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view one = gsl_vector_const_subvector (ones, 0, N);
      gsl_vector_set (g->db1, j,
                      ddot_views (gsl_matrix_const_column (g->dz1, j), one));
    }

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
