/* backward.c -- backward pass of the two-layer net (homework 2).
 *
 *   dz2 = (softmax(z2) - Y) / N       dW2 = p1' dz2 + 2 reg W2
 *   db2 = sum_i dz2[i]                dp1 = dz2 W2'
 *   dz1 = relu'(.) * dp1              dW1 = X' dz1 + 2 reg W1
 *   db1 = sum_i dz1[i]
 */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = sum of the rows of A, with a row view per sample */
static void
sum_over_samples (const gsl_matrix *A, gsl_vector *b)
{
  size_t i;

  assert (b->size == A->size2);
  gsl_vector_set_zero (b);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view a = gsl_matrix_const_row (A, i);
      gsl_vector_add (b, &a.vector);
    }
}

/* dW = A' dZ + 2 reg W */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  size_t i, j;

  assert (cache->N == N && g->N == N && X->size2 == net->D);

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  sum_over_samples (g->dz2, g->db2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* relu': let the gradient through where it is positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        const double d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, d > 0.0 ? d : 0.0);
      }

  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  sum_over_samples (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
