/*
 * backward pass of the 2-layer net (ReLU hidden layer, softmax output)
 *
 * helpers:
 *   bias_grad  -- gradient of a bias from the gradient of its layer's
 *                 output: one value per column, averaged over the batch
 *   weight_grad -- A^T dZ + 2 reg W, with the transpose in the BLAS call
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t j;
  for (j = 0; j < dZ->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ, j);
      gsl_vector_set (db, j, gsl_vector_sum (&col.vector) / dZ->size1);
    }
}

static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross-entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* through the ReLU */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (j = 0; j < H; j++)
    {
      gsl_vector_const_view zc = gsl_matrix_const_column (cache->z1, j);
      gsl_vector_view gc = gsl_matrix_column (g->dz1, j);
      for (i = 0; i < N; i++)
        if (!(gsl_vector_get (&zc.vector, i) > 0.0))
          gsl_vector_set (&gc.vector, i, 0.0);
    }

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
