/* backward.c -- Project 2: backprop
 *
 * I did the backward pass "layer object" style: for each layer a small
 * function, called from backward() from the loss back to the input.
 *
 *   dz2 = (p - onehot(y)) / N
 *   dW2 = a1^T dz2 + 2 reg W2     db2 = sum_n dz2[n]
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 * (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1      db1 = sum_n dz1[n]
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
loss_backward (const gsl_matrix *p, const size_t *y, gsl_matrix *dz2)
{
  const size_t N = p->size1;
  const double invN = 1.0 / (double) N;
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < p->size2; c++)
      gsl_matrix_set (dz2, n, c, invN * (gsl_matrix_get (p, n, c) - (c == y[n] ? 1.0 : 0.0)));
}

/* sum over the samples (rows) -> one value per column */
static void
sum_columns (const gsl_matrix *dz, gsl_vector *db)
{
  gsl_vector_set_zero (db);
  for (size_t n = 0; n < dz->size1; n++)
    for (size_t j = 0; j < dz->size2; j++)
      *gsl_vector_ptr (db, j) += gsl_matrix_get (dz, n, j);
}

/* dW = in^T dz + 2 reg W */
static void
weight_backward (const gsl_matrix *in, const gsl_matrix *dz, const gsl_matrix *W,
                 double reg, gsl_matrix *dW)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dz, 0.0, dW);
  gsl_matrix *reg_term = gsl_matrix_alloc (W->size1, W->size2);
  gsl_matrix_memcpy (reg_term, W);
  gsl_matrix_scale (reg_term, 2.0 * reg);
  gsl_matrix_add (dW, reg_term);
  gsl_matrix_free (reg_term);
}

static void
relu_backward (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t n = 0; n < z1->size1; n++)
    for (size_t h = 0; h < z1->size2; h++)
      {
        double v = 0.0;
        if (gsl_matrix_get (z1, n, h) > 0.0)
          v = gsl_matrix_get (dp1, n, h);
        gsl_matrix_set (dz1, n, h, v);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || g->N != N || X->size2 != net->D)
    return 1;

  /* softmax + cross-entropy */
  loss_backward (cache->prob, y, g->dz2);

  /* second affine layer */
  weight_backward (cache->p1, g->dz2, net->W2, reg, g->dW2);
  sum_columns (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* first affine layer */
  weight_backward (X, g->dz1, net->W1, reg, g->dW1);
  sum_columns (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
