/* backward.c -- backprop for the two layer network
 *
 * One helper per kind of product, used by both layers:
 *   grad_weights:  dW = A^T dZ + reg term      (A is the layer input)
 *   grad_input:    dA = dZ W^T
 * each entry a gsl_blas_ddot of two views.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

static void
grad_weights (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
              double reg, gsl_matrix *dW)
{
  size_t k, m;
  double s;

  for (k = 0; k < dW->size1; k++)
    {
      gsl_vector_const_view a = gsl_matrix_const_column (A, k);
      for (m = 0; m < dW->size2; m++)
        {
          gsl_vector_const_view z = gsl_matrix_const_column (dZ, m);
          gsl_blas_ddot (&a.vector, &z.vector, &s);
          /* derivative of reg*|W|^2 */
          s += reg * gsl_matrix_get (W, k, m);
          gsl_matrix_set (dW, k, m, s);
        }
    }
}

static void
grad_input (const gsl_matrix *dZ, const gsl_matrix *W, gsl_matrix *dA)
{
  size_t i, k;
  double s;

  for (i = 0; i < dA->size1; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (dZ, i);
      for (k = 0; k < dA->size2; k++)
        {
          gsl_vector_const_view w = gsl_matrix_const_row (W, k);
          gsl_blas_ddot (&z.vector, &w.vector, &s);
          gsl_matrix_set (dA, i, k, s);
        }
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  grad_weights (cache->p1, g->dz2, net->W2, reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db2);
    }

  grad_input (g->dz2, net->W2, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  grad_weights (X, g->dz1, net->W1, reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_blas_daxpy (1.0, &r.vector, g->db1);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
