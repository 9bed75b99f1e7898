/*
 *  backward.c  --  MLP backprop, Problem Set 5
 *
 *  [GK] Gabriel Kim      : dZ2, dW2, db2, dA1   (BLAS, matrix form)
 *  [ER] Elena Rossi      : delta1, dW1, db1      (loops, per-unit form)
 *
 *  [GK] dA1 is what the assignment calls dp1.
 *  [ER] relu derivative: pass the gradient where the unit is active,
 *       zero elsewhere.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, d;
  gsl_matrix *dZ2 = g->dz2, *dA1 = g->dp1;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  (void) C;

  /* ---------------- [GK] ---------------- */
  /* dZ2 = (A2 - Y) / m */
  gsl_matrix_memcpy (dZ2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (dZ2, n, y[n], gsl_matrix_get (dZ2, n, y[n]) - 1.0);
  gsl_matrix_scale (dZ2, 1.0 / (double) N);

  /* dW2 = A1^T dZ2 + 2 lambda W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2, 2.0 * reg,
                  g->dW2);

  /* db2 = 1^T dZ2 */
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ2, ones, 0.0, g->db2);
  gsl_vector_free (ones);

  /* dA1 = dZ2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

  /* ---------------- [ER] ---------------- */

  /* delta1: relu backward */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double delta1 = gsl_matrix_get (dA1, n, h);
        /* if (gsl_matrix_get (cache->z1, n, h) < 0) delta1 = 0; */
        if (delta1 <= 0.0)
          delta1 = 0.0;
        gsl_matrix_set (g->dz1, n, h, delta1);
      }

  /* dW1[d][h] = sum_n x[n][d] delta1[n][h] + 2 reg W1[d][h] */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* db1[h] = sum_n delta1[n][h] */
  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
