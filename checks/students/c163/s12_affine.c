/*
 * HW3: backward pass of the 2-layer net.
 * One helper does the affine backward for both layers.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* affine backward: given dout (N,M) and the layer input in (N,K),
 *   dW = in^T dout + reg term,  db = column sums of dout */
static void
affine_back (const gsl_matrix *dout, const gsl_matrix *in,
             const gsl_matrix *W, double reg, gsl_matrix *dW, gsl_vector *db)
{
  size_t i, j;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, reg, dW);

  for (j = 0; j < dout->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  affine_back (g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);

  affine_back (g->dz1, X, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
