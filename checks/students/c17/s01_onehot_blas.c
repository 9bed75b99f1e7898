/* backward.c -- CS 4XX homework 3, part 2: backward pass of the 2-layer net.
 * Name: Priya Raman
 *
 * I tried to do everything with BLAS calls like the TA suggested in
 * section.  The only loop is for the one-hot matrix of the labels.
 *
 *   dz2 = (prob - Y) / N
 *   dW2 = p1^T dz2 + 2 reg W2
 *   db2 = dz2^T 1
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* [z1 > 0]
 *   dW1 = X^T dz1 + 2 reg W1
 *   db1 = dz1^T 1
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C, D = net->D;

  gsl_matrix *Y = gsl_matrix_calloc (N, C);     /* one-hot labels */
  gsl_matrix *mask = gsl_matrix_alloc (N, H);   /* 1 where z1 > 0 */
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* ---- output layer ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    gsl_vector_view dw = gsl_vector_view_array (g->dW2->data, H * C);
    gsl_vector_const_view w = gsl_vector_const_view_array (net->W2->data, H * C);
    gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
  }

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  {
    gsl_vector_view dw = gsl_vector_view_array (g->dW1->data, D * H);
    gsl_vector_const_view w = gsl_vector_const_view_array (net->W1->data, D * H);
    gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
  }

  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (mask);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
