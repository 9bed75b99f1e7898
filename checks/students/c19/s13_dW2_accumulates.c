/* backward.c -- M. Kowalczyk
 * Homework 4: backprop through a 2-layer fully connected net.
 *
 * I accumulate the weight gradients with dgemm (beta = 1) on top of the
 * regularisation term, so the reg term is added first.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz2 (N,C) = (prob - onehot) / N */
static void
dscores (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  size_t N = prob->size1;
  size_t i;

  gsl_matrix_memcpy (dz2, prob);
  for (i = 0; i < N; i++)
  {
    double p = gsl_matrix_get (dz2, i, y[i]);
    gsl_matrix_set (dz2, i, y[i], p - 1.0);
  }
  gsl_matrix_scale (dz2, 1.0 / (double) N);
}

/* dW2 (H,C) = 2 reg W2 + p1^T dz2 */
static void
dW2_grad (const gsl_matrix *p1, const gsl_matrix *dz2, const gsl_matrix *W2,
          double reg, gsl_matrix *dW2)
{
  size_t h, c;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, p1, dz2, 1.0, dW2);
  for (h = 0; h < W2->size1; h++)
    for (c = 0; c < W2->size2; c++)
      *gsl_matrix_ptr (dW2, h, c) += 2.0 * reg * gsl_matrix_get (W2, h, c);
}

/* db2 (C) = column sums of dz2 */
static void
db2_grad (const gsl_matrix *dz2, gsl_vector *db2)
{
  size_t i;

  gsl_vector_set_zero (db2);
  for (i = 0; i < dz2->size1; i++)
  {
    gsl_vector_const_view row = gsl_matrix_const_row (dz2, i);
    gsl_vector_add (db2, &row.vector);
  }
}

/* dp1 (N,H) = dz2 W2^T */
static void
dp1_grad (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/* dz1 (N,H) = dp1 where z1 > 0 */
static void
dz1_grad (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  size_t i, j;

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
    {
      double d = gsl_matrix_get (dp1, i, j);
      gsl_matrix_set (dz1, i, j, gsl_matrix_get (z1, i, j) > 0.0 ? d : 0.0);
    }
}

/* dW1 (D,H) = 2 reg W1 + X^T dz1 */
static void
dW1_grad (const gsl_matrix *X, const gsl_matrix *dz1, const gsl_matrix *W1,
          double reg, gsl_matrix *dW1)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_matrix_scale (dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 1.0, dW1);
}

/* db1 (H) = column sums of dz1 */
static void
db1_grad (const gsl_matrix *dz1, gsl_vector *db1)
{
  size_t i;

  gsl_vector_set_zero (db1);
  for (i = 0; i < dz1->size1; i++)
  {
    gsl_vector_const_view row = gsl_matrix_const_row (dz1, i);
    gsl_vector_add (db1, &row.vector);
  }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  dscores (cache->prob, y, g->dz2);
  dW2_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  db2_grad (g->dz2, g->db2);
  dp1_grad (g->dz2, net->W2, g->dp1);
  dz1_grad (g->dp1, cache->z1, g->dz1);
  dW1_grad (X, g->dz1, net->W1, reg, g->dW1);
  db1_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
