/* backward.c -- lab 4 (two layer net), backward pass.
 *
 * Order: dz2, dW2, db2, dp1, dz1, dW1, db1.  The regularisation is added
 * by its own helper after the data part of dW2 and dW1. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, k;
  double inv_n = 1.0 / prob->size1;

  for (i = 0; i < prob->size1; i++)
    for (k = 0; k < prob->size2; k++)
      gsl_matrix_set (dz2, i, k,
                      inv_n * (gsl_matrix_get (prob, i, k) - (k == y[i])));
}

/* data part only, reg is done in add_reg */
static void
grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2, gsl_matrix *dW2)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
}

static void
grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i, k;
  for (k = 0; k < dz2->size2; k++)
    {
      double s = 0.0;
      for (i = 0; i < dz2->size1; i++)
        s += gsl_matrix_get (dz2, i, k);
      gsl_vector_set (db2, k, s);
    }
}

static void
grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) > 0)
        gsl_matrix_set (dz1, i, j, gsl_matrix_get (dp1, i, j));
      else
        gsl_matrix_set (dz1, i, j, 0.0);
}

static void
grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1, gsl_matrix *dW1)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
}

static void
grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i, j;
  for (j = 0; j < dz1->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dz1->size1; i++)
        s += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (db1, j, s);
    }
}

/* derivative of reg * W^2 */
static void
add_reg (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != cache->N)
    return 1;

  grad_dz2 (cache->prob, y, g->dz2);
  grad_dW2 (cache->p1, g->dz2, g->dW2);
  add_reg (net->W2, reg, g->dW2);
  grad_db2 (g->dz2, g->db2);
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);
  grad_dW1 (X, g->dz1, g->dW1);
  add_reg (net->W1, reg, g->dW1);
  grad_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
