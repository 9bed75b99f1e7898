/* backward.c -- backward pass, two-layer net (assignment 2).
 *
 * The weight gradients are computed in two parts: the data part with one
 * dgemm (beta = 0), then the weight decay added over the matrix seen as
 * one flat vector with daxpy (W and dW are contiguous, tda == size2).  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* The whole of a contiguous matrix as a vector.  */
static _gsl_vector_view
flat (gsl_matrix *M)
{
  assert (M->tda == M->size2);
  return gsl_vector_view_array (M->data, M->size1 * M->size2);
}

static _gsl_vector_const_view
flat_const (const gsl_matrix *M)
{
  assert (M->tda == M->size2);
  return gsl_vector_const_view_array (M->data, M->size1 * M->size2);
}

/* s = sum of the rows of A.  */
static void
row_sum (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;

  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (A, i);
      gsl_blas_daxpy (1.0, &a.vector, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_vector_view dw2 = flat (g->dW2), dw1 = flat (g->dW1);
  gsl_vector_const_view w2 = flat_const (net->W2), w1 = flat_const (net->W1);
  size_t i, j;

  assert (cache->N == N && g->N == N && X->size2 == net->D);

  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0,
                  g->dW2);
  gsl_blas_daxpy (-2.0 * reg, &w2.vector, &dw2.vector);
  row_sum (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        const double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j, z > 0.0 ? gsl_matrix_get (g->dp1, i, j)
                                              : 0.0);
      }

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_daxpy (2.0 * reg, &w1.vector, &dw1.vector);
  row_sum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
