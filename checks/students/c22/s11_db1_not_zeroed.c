// backward.c  --  HW3, ML in C
// Chen Jiayi
//
// gsl_blas_dgemm for all the products (the TA recommended it), loops for
// the rest.

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // 1. dz2 = (prob - onehot(y)) / N
  gsl_matrix *onehot = gsl_matrix_calloc (N, C);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  gsl_matrix_free (onehot);

  // 2. dW2 = p1^T dz2 + 2 reg W2
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
  gsl_matrix_free (p1T);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));

  // 3. db2 = sum over rows of dz2
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c)
                      + gsl_matrix_get (g->dz2, i, c));

  // 4. dp1 = dz2 W2^T
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
  gsl_matrix_free (W2T);

  // 5. dz1 = dp1 * (z1 > 0)
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, i, h) > 0.0;
        gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (g->dp1, i, h) * mask);
      }

  // 6. dW1 = X^T dz1 + 2 reg W1
  gsl_matrix *XT = gsl_matrix_alloc (X->size2, N);
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
  gsl_matrix_free (XT);
  gsl_blas_daxpy (0.0, g->db2, g->db2);   // (leftover from testing daxpy)
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, gsl_matrix_get (g->dW1, d, h)
                      + 2.0 * reg * gsl_matrix_get (net->W1, d, h));

  // 7. db1 = sum over rows of dz1
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h)
                      + gsl_matrix_get (g->dz1, i, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
