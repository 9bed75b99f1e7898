/* Intro to Neural Networks -- homework 4: backprop through the 2-layer net
 * Student: Hannah Okafor
 *
 * The first layer does not need a gradient for its input (X is data), so I
 * wrote two versions of the dense backward: one for the output layer that
 * also passes the gradient down, one for the input layer that does not.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t N = prob->size1;
  size_t i, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < prob->size2; k++)
      {
        double v = gsl_matrix_get (prob, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (dz, i, k, v / N);
      }
}

/* output layer: dW = h' dout + reg term, db = colsum(dout), dh = dout W' */
static void
dense_backward_out (const gsl_matrix *h, const gsl_matrix *W,
                    const gsl_matrix *dout, double reg,
                    gsl_matrix *dW, gsl_vector *db, gsl_matrix *dh)
{
  size_t i, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, h, dout, 0.0, dW);
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));

  for (j = 0; j < db->size; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dout, j);
      double s = 0.0;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dh);
}

/* input layer: dW = x' dout + 2 reg W, db = colsum(dout) */
static void
dense_backward_in (const gsl_matrix *x, const gsl_matrix *W,
                   const gsl_matrix *dout, double reg,
                   gsl_matrix *dW, gsl_vector *db)
{
  size_t j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 2.0 * reg, dW);

  for (j = 0; j < db->size; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dout, j);
      double s = 0.0;
      size_t i;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }
}

static void
relu_backward (const gsl_matrix *z, const gsl_matrix *dout, gsl_matrix *dz)
{
  size_t i, j;

  for (i = 0; i < dz->size1; i++)
    for (j = 0; j < dz->size2; j++)
      gsl_matrix_set (dz, i, j, gsl_matrix_get (z, i, j) > 0.0
                                ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);
  dense_backward_out (cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
  relu_backward (cache->z1, g->dp1, g->dz1);
  dense_backward_in (X, net->W1, g->dz1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
