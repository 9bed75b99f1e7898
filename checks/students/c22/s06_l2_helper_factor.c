// HW3 backward pass
// Sofia Lindqvist, section 3
//
// helpers first, then backward().  I kept the shapes in comments because
// I kept mixing up size1 and size2 (size1 = rows = shape[0]).

#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

// gradient of the regularization term, added into dW
// (same as in the python starter: dW += reg * W)
static void
l2_backward (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t r = 0; r < W->size1; r++)
    for (size_t c = 0; c < W->size2; c++)
      dW->data[r * dW->tda + c] += reg * W->data[r * W->tda + c];
}

// out = mask(Z > 0) * dOut   (relu backward)
static void
relu_backward (const gsl_matrix *dOut, const gsl_matrix *Z, gsl_matrix *out)
{
  for (size_t r = 0; r < Z->size1; r++)
    for (size_t c = 0; c < Z->size2; c++)
      {
        double z = gsl_matrix_get (Z, r, c);
        gsl_matrix_set (out, r, c, z > 0 ? gsl_matrix_get (dOut, r, c) : 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dz2 (N,C)
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    g->dz2->data[n * g->dz2->tda + y[n]] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  // dW2 (H,C) = p1^T (H,N) x dz2 (N,C)
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  l2_backward (g->dW2, net->W2, reg);

  // db2 (C)
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_add (g->db2, &r.vector);
    }

  // dp1 (N,H) = dz2 (N,C) x W2^T (C,H)
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1 (N,H)
  relu_backward (g->dp1, cache->z1, g->dz1);

  // dW1 (D,H) = X^T (D,N) x dz1 (N,H)
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  l2_backward (g->dW1, net->W1, reg);

  // db1 (H)
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
