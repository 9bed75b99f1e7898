/*
 * backward.c -- hand-written backprop for the 2-layer net (A2).
 *
 * Layout follows the lecture slides: output layer first, then the ReLU,
 * then the first affine layer.  Matrix shapes in the comments.
 */

#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out (M) = sum of the rows of A (N,M), via dgemv with a ones vector */
static int
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  gsl_vector *one = gsl_vector_alloc (A->size1);
  if (one == NULL)
    return 1;
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, one, 0.0, out);
  gsl_vector_free (one);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j, k;
  int rc = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 (N,C) = (prob - Y) / N, Y the one-hot labels */
  for (i = 0; i < N; i++)
    for (k = 0; k < net->C; k++)
      {
        const double p = gsl_matrix_get (cache->prob, i, k);
        const double t = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, k, p - t / (double) N);
      }

  /* dW2 (H,C) = p1' dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 (C) */
  rc |= sum_rows (g->dz2, g->db2);

  /* dp1 (N,H) = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dz1 (N,H) = dp1 .* (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double z = gsl_matrix_get (cache->z1, i, j);
        gsl_matrix_set (g->dz1, i, j,
                        z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      }

  /* dW1 (D,H) = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* db1 (H) */
  rc |= sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return rc;
}
