/*
 * backward.c   report 3
 * Suzuki Aoi   student no. 03-220981
 *
 * dS is made once (P - Y) and kept as a work matrix;
 * g->dz2 is dS / N.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dS, *dA;

  if (N != cache->N || g->N != N)
    return 1;

  dS = gsl_matrix_alloc (N, C);
  dA = gsl_matrix_alloc (N, H);

  /* P - Y */
  gsl_matrix_memcpy (dS, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dS, i, y[i], gsl_matrix_get (dS, i, y[i]) - 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, dS);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = H^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double t = 0.0;
      for (i = 0; i < N; i++)
        t += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, t);
    }

  /* dH = dS W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, g->dp1);

  /* dA = dH * (A > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (dA, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                                ? gsl_matrix_get (g->dp1, i, j) : 0.0);
  gsl_matrix_memcpy (g->dz1, dA);

  /* dW1 = X^T dA + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dA, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double t = 0.0;
      for (i = 0; i < N; i++)
        t += gsl_matrix_get (dA, i, j);
      gsl_vector_set (g->db1, j, t);
    }

  gsl_matrix_free (dS);
  gsl_matrix_free (dA);
  g->present = BP_GRADS_ALL;
  return 0;
}
