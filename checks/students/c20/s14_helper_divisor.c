/* backward.c -- Wei Chen
 *
 * I made a helper for "gradient of an affine layer" so both layers use the
 * same code.  It takes the batch size to average over.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = (in^T dout)/n + 2 reg W,   db = colsum(dout)/n */
static void
layer_grads (const gsl_matrix *in, const gsl_matrix *dout,
             const gsl_matrix *W, double reg, double n,
             gsl_matrix *dW, gsl_vector *db)
{
  size_t i, j;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / n, in, dout, 0.0, dW);
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
  for (j = 0; j < dout->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s / n);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 already has the 1/N in it */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  layer_grads (cache->p1, g->dz2, net->W2, reg, 1.0, g->dW2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  layer_grads (X, g->dz1, net->W1, reg, (double) N, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
