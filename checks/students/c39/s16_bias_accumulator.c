/*
 * backward.c -- Assignment 5 submission
 * Name: D. Fernandes
 *
 * dgemm for the matrix products, loops for the bias sums and the relu.
 * Debug prints left in comments in case the grader wants to see how I
 * tested it.
 */

#include <stdio.h>
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
  size_t r, c;
  double acc;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- dz2 ---- */
  for (r = 0; r < N; r++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, r, c,
                      (gsl_matrix_get (cache->prob, r, c) - (c == y[r] ? 1.0 : 0.0)) / N);
  /* printf ("dz2(0,0)=%.6f\n", gsl_matrix_get (g->dz2, 0, 0)); */

  /* ---- dW2 = p1' dz2 + 2 reg W2 ---- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (r = 0; r < H; r++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, r, c, gsl_matrix_get (g->dW2, r, c)
                                    + 2.0 * reg * gsl_matrix_get (net->W2, r, c));

  /* ---- db2 ---- */
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (r = 0; r < N; r++)
        acc += gsl_matrix_get (g->dz2, r, c);
      gsl_vector_set (g->db2, c, acc);
    }
  /* printf ("db2 = %f %f %f\n", gsl_vector_get (g->db2, 0), gsl_vector_get (g->db2, 1), gsl_vector_get (g->db2, 2)); */

  /* ---- dp1 = dz2 W2' ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ---- dz1 ---- */
  for (r = 0; r < N; r++)
    for (c = 0; c < H; c++)
      gsl_matrix_set (g->dz1, r, c, gsl_matrix_get (cache->z1, r, c) > 0.0
                                    ? gsl_matrix_get (g->dp1, r, c) : 0.0);

  /* ---- dW1 = X' dz1 + 2 reg W1 ---- */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (r = 0; r < net->D; r++)
    for (c = 0; c < H; c++)
      gsl_matrix_set (g->dW1, r, c, gsl_matrix_get (g->dW1, r, c)
                                    + 2.0 * reg * gsl_matrix_get (net->W1, r, c));

  /* ---- db1 ---- */
  acc = 0.0;
  for (c = 0; c < H; c++)
    {
      for (r = 0; r < N; r++)
        acc += gsl_matrix_get (g->dz1, r, c);
      gsl_vector_set (g->db1, c, acc);
    }
  /* printf ("db1[0]=%f db1[H-1]=%f\n", gsl_vector_get (g->db1, 0), gsl_vector_get (g->db1, H - 1)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
