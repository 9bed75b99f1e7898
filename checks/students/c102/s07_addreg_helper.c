/* backward.c -- HW3
 * Split into small helpers, one per formula on the board. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

/* dW += d(reg * |W|^2)/dW */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

/* b = sum over rows of d */
static void
sum_over_rows (const gsl_matrix *d, gsl_vector *b)
{
  size_t i;
  gsl_vector_set_zero (b);
  for (i = 0; i < d->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (d, i);
      gsl_vector_add (b, &r.vector);
    }
}

/* dz = dp where z > 0, else 0 */
static void
relu_back (const gsl_matrix *dp, const gsl_matrix *z, gsl_matrix *dz)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (dz, i, j, gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dp, i, j) : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  sum_over_rows (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  relu_back (g->dp1, cache->z1, g->dz1);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  sum_over_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
