/* backward.c
 * Two-layer net: affine - relu - affine - softmax, L2 on the weights.
 * Each gradient is its own function; grad_dW2 and grad_dW1 share add_reg.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* derivative of reg * |W|^2, added onto dW */
static void add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

static void grad_dz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t i, N = prob->size1;
  gsl_matrix_memcpy (dz2, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz2, i, y[i], gsl_matrix_get (prob, i, y[i]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / (double) N);
}

static void grad_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2,
                      const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
  add_reg (dW2, W2, reg);
}

static void grad_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t j;
  for (j = 0; j < dz2->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dz2, j);
      double s = 0.0;
      size_t i;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db2, j, s);
    }
}

static void grad_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void grad_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;
  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      if (gsl_matrix_get (z1, i, j) <= 0)
        gsl_matrix_set (dz1, i, j, 0.0);
}

static void grad_dW1 (const gsl_matrix *X, const gsl_matrix *dz1,
                      const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
  add_reg (dW1, W1, reg);
}

static void grad_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t j;
  for (j = 0; j < dz1->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dz1, j);
      double s = 0.0;
      size_t i;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db1, j, s);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_dz2 (cache->prob, y, g->dz2);
  grad_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  grad_db2 (g->dz2, g->db2);
  grad_dp1 (g->dz2, net->W2, g->dp1);
  grad_dz1 (g->dp1, cache->z1, g->dz1);
  grad_dW1 (X, g->dz1, net->W1, reg, g->dW1);
  grad_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
