// backward pass for the 2-layer net
// - ReLU mask taken from the cached activations p1 (p1 > 0 exactly when z1 > 0)
// - bias grads with dgemv against a vector of ones
// - the reg part of dW is written first and the data part added on top of it
//   with beta = 1 in dgemm

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                                   gsl_matrix *dscores)
{
  const size_t N = probs->size1;
  gsl_matrix_memcpy (dscores, probs);
  for (size_t n = 0; n < N; n++)
    {
      double *row = gsl_matrix_ptr (dscores, n, 0);
      row[y[n]] -= 1.0;
      for (size_t c = 0; c < dscores->size2; c++)
        row[c] /= (double) N;
    }
}

// dw = 2 reg w + x^T dout ; db = dout^T 1 ; dx = dout w^T (if asked)
static void affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                             const gsl_matrix *w, double reg,
                             gsl_matrix *dx, gsl_matrix *dw, gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);

  gsl_matrix_memcpy (dw, w);
  gsl_matrix_scale (dw, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 1.0, dw);

  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);

  gsl_vector_free (ones);
}

// uses the relu OUTPUT: a = max(0, z), so a > 0 <=> z > 0
static void relu_backward (const gsl_matrix *dout, const gsl_matrix *a,
                           gsl_matrix *dx)
{
  gsl_matrix_memcpy (dx, dout);
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      if (!(gsl_matrix_get (a, i, j) > 0.0))
        gsl_matrix_set (dx, i, j, 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->p1, g->dz1);
  affine_backward (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
