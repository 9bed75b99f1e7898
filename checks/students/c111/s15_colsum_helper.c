/* backward.c -- Homework 4, backprop for the two-layer net
 *
 * Helpers:
 *   row_softmax()  softmax of one row of scores (max-shifted)
 *   colsum()       sum over the batch, used for both bias gradients
 * The probabilities are recomputed from cache->z2, not read from the
 * cache.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static void
row_softmax (const gsl_vector *z, gsl_vector *p)
{
  double m = gsl_vector_max (z), s = 0.0;
  size_t k;

  for (k = 0; k < z->size; k++)
    {
      gsl_vector_set (p, k, exp (gsl_vector_get (z, k) - m));
      s += gsl_vector_get (p, k);
    }
  gsl_vector_scale (p, 1.0 / s);
}

/* out[j] = sum_i A[i][j] */
static void
colsum (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;

  gsl_vector_set_zero (out);
  for (i = 1; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set (out, j, gsl_vector_get (out, j) + gsl_matrix_get (A, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 = (softmax(z2) - onehot(y)) / N, row by row */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z2, i);
      gsl_vector_view d = gsl_matrix_row (g->dz2, i);
      row_softmax (&z.vector, &d.vector);
      gsl_vector_set (&d.vector, y[i], gsl_vector_get (&d.vector, y[i]) - 1.0);
      gsl_vector_scale (&d.vector, 1.0 / (double) N);
    }

  /* dW2 = p1' dz2 + 2 reg W2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  colsum (g->dz2, g->db2);

  /* dp1 = dz2 W2', dz1 = dp1 where z1 > 0 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X' dz1 + 2 reg W1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
