/* backward.c -- backprop for the 2-layer network (hw3)
 *
 * Helpers for the pieces used twice (weight gradient, bias gradient, the
 * L2 term), the softmax done with its Jacobian in backward() itself.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
}

/* db = column sums of dZ */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i;
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dZ, i);
      gsl_vector_add (db, &r.vector);
    }
}

/* L2 part: dW += 2 reg W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  if (dW->size1 != W->size1 || dW->size2 != W->size2)
    return;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * reg * gsl_matrix_get (dW, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, a, b;
  gsl_matrix *jac = gsl_matrix_alloc (C, C);
  gsl_vector *dL_dp = gsl_vector_alloc (C);

  for (i = 0; i < N; i++)
    {
      gsl_vector_view dz = gsl_matrix_row (g->dz2, i);
      for (a = 0; a < C; a++)
        {
          double pa = gsl_matrix_get (cache->prob, i, a);
          for (b = 0; b < C; b++)
            {
              double pb = gsl_matrix_get (cache->prob, i, b);
              gsl_matrix_set (jac, a, b, a == b ? pa - pa * pb : -pa * pb);
            }
          gsl_vector_set (dL_dp, a, a == y[i] ? -1.0 / (N * pa) : 0.0);
        }
      /* dz = dL_dp^T jac */
      gsl_blas_dgemv (CblasTrans, 1.0, jac, dL_dp, 0.0, &dz.vector);
    }
  gsl_matrix_free (jac);
  gsl_vector_free (dL_dp);

  weight_grad (cache->p1, g->dz2, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  bias_grad (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (a = 0; a < H; a++)
      gsl_matrix_set (g->dz1, i, a, gsl_matrix_get (cache->z1, i, a) > 0
                      ? gsl_matrix_get (g->dp1, i, a) : 0);

  weight_grad (X, g->dz1, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
