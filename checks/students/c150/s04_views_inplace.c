/*
 * CS 4xx  HW 3 -- backward()
 * Uses row views to build the bias gradients and does the relu in place
 * on g->dz1.  Transposes are done once into temporaries.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t r;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++) {
    gsl_vector_const_view row = gsl_matrix_const_row (A, r);
    gsl_vector_add (out, &row.vector);
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t r, c;
  gsl_matrix *Xt, *p1t, *w2t, *mask, *tmp1, *tmp2;

  Xt   = gsl_matrix_alloc (net->D, N);
  p1t  = gsl_matrix_alloc (net->H, N);
  w2t  = gsl_matrix_alloc (net->C, net->H);
  mask = gsl_matrix_alloc (N, net->H);
  tmp1 = gsl_matrix_alloc (net->D, net->H);
  tmp2 = gsl_matrix_alloc (net->H, net->C);

  gsl_matrix_transpose_memcpy (Xt, X);
  gsl_matrix_transpose_memcpy (p1t, cache->p1);
  gsl_matrix_transpose_memcpy (w2t, net->W2);

  /* dz2: subtract one from the correct class in each row, then average */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (r = 0; r < N; r++) {
    gsl_vector_view row = gsl_matrix_row (g->dz2, r);
    gsl_vector_set (&row.vector, y[r], gsl_vector_get (&row.vector, y[r]) - 1);
  }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* second layer */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1t, g->dz2, 0.0, g->dW2);
  gsl_matrix_memcpy (tmp2, net->W2);
  gsl_matrix_scale (tmp2, 2 * reg);
  gsl_matrix_add (g->dW2, tmp2);
  sum_rows (g->dz2, g->db2);

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, w2t, 0.0, g->dp1);

  /* mask: start from z1, then turn it into 0/1 */
  gsl_matrix_memcpy (mask, cache->z1);
  for (r = 0; r < N; r++)
    for (c = 0; c < net->H; c++)
      gsl_matrix_set (mask, r, c, gsl_matrix_get (mask, r, c) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* first layer */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, g->dz1, 0.0, g->dW1);
  gsl_matrix_memcpy (tmp1, net->W1);
  gsl_matrix_scale (tmp1, 2 * reg);
  gsl_matrix_add (g->dW1, tmp1);
  sum_rows (g->dz1, g->db1);

  gsl_matrix_free (Xt);
  gsl_matrix_free (p1t);
  gsl_matrix_free (w2t);
  gsl_matrix_free (mask);
  gsl_matrix_free (tmp1);
  gsl_matrix_free (tmp2);

  g->present = BP_GRADS_ALL;
  return 0;
}
