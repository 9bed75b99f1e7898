// backward.c -- my backward pass (lab 5)
// I recompute the softmax from the scores z2 (like in the lecture notes,
// with the max subtracted) instead of trusting cache->prob.
// dz1 is done with a 0/1 mask matrix and gsl_matrix_mul_elements.

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *mask = gsl_matrix_alloc (N, H);

  // ===== dz2 =====
  // softmax of each row of z2, then subtract 1 at the label, then / N
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view zrow = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_view drow = gsl_matrix_row (g->dz2, i);
      double mx = gsl_vector_max (&zrow.vector);
      double total = 0.0;
      for (size_t c = 0; c < C; c++)
        {
          double e = exp (gsl_vector_get (&zrow.vector, c) - mx);
          gsl_vector_set (&drow.vector, c, e);
          total += e;
        }
      gsl_vector_scale (&drow.vector, 1.0 / total);
      gsl_vector_set (&drow.vector, y[i], gsl_vector_get (&drow.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  // ===== dW2 =====
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);      // reg part first
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  // ===== db2 =====
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  // ===== dp1 =====
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // ===== dz1 =====
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  // ===== dW1 =====
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  // ===== db1 =====
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;
  gsl_matrix_free (mask);
  return 0;
}
