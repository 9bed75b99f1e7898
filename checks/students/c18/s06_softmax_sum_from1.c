/*  backward.c
 *
 *  Two-layer net, backward pass.  Homework 4.
 *
 *  Part 1 (scores -> layer 2):   Fatima A.
 *  Part 2 (layer 1):             Sven O.
 *
 *  Fatima: I recompute softmax from z2 with the max trick instead of
 *  reading cache->prob, the TA said the numerically safe version is
 *  worth a bonus point.
 *  Sven: my part is all gsl_blas, with views.  dz1 is called delta1 in
 *  my notes.
 */

#include <math.h>
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Fatima: p = softmax(z), C entries, stable */
static void
stable_softmax (const double *z, double *p, size_t C)
{
  size_t j;
  double m = z[0];
  double s = 0.0;

  for (j = 1; j < C; j++)
    if (z[j] > m)
      m = z[j];
  for (j = 1; j < C; j++) s += exp (z[j] - m);
  for (j = 0; j < C; j++)
    p[j] = exp (z[j] - m) / s;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ======== Fatima ======== */
  {
    double *dZ2 = g->dz2->data;
    const double *z2 = cache->z2->data;
    size_t tda_d = g->dz2->tda, tda_z = cache->z2->tda;

    for (i = 0; i < N; i++)
      {
        double *row = dZ2 + i * tda_d;
        stable_softmax (z2 + i * tda_z, row, C);
        row[y[i]] -= 1.0;
        for (j = 0; j < C; j++)
          row[j] /= (double) N;
      }

    /* dW2 = p1' dZ2 + 2 reg W2 */
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        {
          double acc = 2.0 * reg * gsl_matrix_get (net->W2, i, j);
          size_t n;
          for (n = 0; n < N; n++)
            acc += gsl_matrix_get (cache->p1, n, i) * dZ2[n * tda_d + j];
          gsl_matrix_set (g->dW2, i, j, acc);
        }

    /* db2 */
    for (j = 0; j < C; j++)
      {
        double acc = 0.0;
        size_t n;
        for (n = 0; n < N; n++)
          acc += dZ2[n * tda_d + j];
        gsl_vector_set (g->db2, j, acc);
      }
  }

  /* ======== Sven ======== */

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* delta1 = dp1 * 1{z1 > 0} */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view d1 = gsl_matrix_row (g->dz1, i);
      gsl_vector_const_view zz = gsl_matrix_const_row (cache->z1, i);
      for (j = 0; j < H; j++)
        if (!(gsl_vector_get (&zz.vector, j) > 0))
          gsl_vector_set (&d1.vector, j, 0.0);
    }

  /* dW1 = X^T delta1 + 2 reg W1   (beta trick) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = column sums of delta1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
