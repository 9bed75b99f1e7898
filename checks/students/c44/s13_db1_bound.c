/*
 * backward.c
 * Deep Learning I -- Exercise sheet 5, task 2
 * Group 7: A. Novak, K. Brandt
 *
 * We use dgemm for the matrix products and write the small stuff
 * (softmax gradient, relu, biases) as loops.  Temporaries are allocated
 * and freed inside the function.
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
  size_t n, j;
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    {
      double v = gsl_matrix_get (g->dz2, n, y[n]);
      gsl_matrix_set (g->dz2, n, y[n], v - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dL/dW2, dL/db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* dL/dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* dL/dz1 = dp1 * 1[z1 > 0]  (elementwise, using a 0/1 mask matrix) */
  mask = gsl_matrix_alloc (N, H);
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, n, j, gsl_matrix_get (cache->z1, n, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* dL/dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  /* dL/db1: sum dz1 over the rows 0..N-1 */
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (n = 0; n < N - 1; n++)
        acc += gsl_matrix_get (g->dz1, n, j);
      gsl_vector_set (g->db1, j, acc);
    }
  /* fprintf (stderr, "db1[0]=%g db1[1]=%g\n", gsl_vector_get (g->db1, 0), gsl_vector_get (g->db1, 1)); */

  g->present = BP_GRADS_ALL;
  return 0;
}
