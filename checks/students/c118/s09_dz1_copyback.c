/*
 * backward.c
 * Hidden layer done in transposed form: dp1^T = W2 dz2^T is (H x N), so
 * hidden unit j is ROW j of the temporary and its N samples are contiguous.
 * The ReLU gate is applied row by row there, then the result is transposed
 * back into g->dz1.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t n, h;
  gsl_matrix *dp1T, *dz1T, *z1T;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dp1T = gsl_matrix_alloc (H, N);
  dz1T = gsl_matrix_alloc (H, N);
  z1T = gsl_matrix_alloc (H, N);

  /* output layer */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double *p = gsl_matrix_ptr (g->dz2, n, y[n]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, n);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1^T = W2 dz2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, dp1T);
  gsl_matrix_transpose_memcpy (g->dp1, dp1T);

  /* gate */
  gsl_matrix_transpose_memcpy (z1T, cache->z1);
  gsl_matrix_memcpy (dz1T, dp1T);
  for (h = 0; h < H; h++)
    for (n = 0; n < N; n++)
      if (gsl_matrix_get (z1T, h, n) <= 0.0)
        gsl_matrix_set (dz1T, h, n, 0.0);
  gsl_matrix_transpose_memcpy (g->dz1, dp1T);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, n);
      gsl_vector_add (g->db1, &r.vector);
    }

  gsl_matrix_free (dp1T);
  gsl_matrix_free (dz1T);
  gsl_matrix_free (z1T);
  g->present = BP_GRADS_ALL;
  return 0;
}
