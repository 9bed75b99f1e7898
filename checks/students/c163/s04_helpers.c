/* Homework 3 -- backprop for TwoLayerNet in C.
 * Split into little helpers so each layer is testable on its own
 * (same idea as affine_backward / relu_backward from the python version). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = sum of the rows of A, computed as A^T * ones */
static int
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *ones = gsl_vector_alloc (A->size1);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, ones, 0.0, out);
  gsl_vector_free (ones);
  return 0;
}

/* dW = A^T dZ + 2 reg W   (d/dW of reg*||W||^2 is 2 reg W) */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t r, c;
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
  for (r = 0; r < dW->size1; r++)
    for (c = 0; c < dW->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c)
                      + 2 * reg * gsl_matrix_get (W, r, c));
}

/* relu backward.  p1 > 0 exactly when z1 > 0, so the cached activations
 * work as the mask too. */
static int
relu_back (const gsl_matrix *dout, const gsl_matrix *act, gsl_matrix *dx)
{
  size_t r, c;
  gsl_matrix *mask = gsl_matrix_alloc (act->size1, act->size2);
  if (mask == NULL)
    return 1;
  for (r = 0; r < act->size1; r++)
    for (c = 0; c < act->size2; c++)
      gsl_matrix_set (mask, r, c, gsl_matrix_get (act, r, c) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (dx, dout);
  gsl_matrix_mul_elements (dx, mask);
  gsl_matrix_free (mask);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax loss backward */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* affine 2 backward */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  if (sum_rows (g->dz2, g->db2))
    return 1;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward */
  if (relu_back (g->dp1, cache->p1, g->dz1))
    return 1;

  /* affine 1 backward */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  if (sum_rows (g->dz1, g->db1))
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
