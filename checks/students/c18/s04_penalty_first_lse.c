// backward.c -- lab 5, backprop by hand
// Team: R. Salazar + K. Nakamura
//
// Salazar wrote the top (scores side), Nakamura the bottom (hidden side).
// We merged on Sunday night, sorry for the two styles.

#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>

#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* log(sum_j exp(z[i][j])) of one row, shifted by the max so that exp
 * cannot overflow  (Salazar) */
static double
row_logsumexp (const gsl_matrix *Z, size_t i)
{
  double m = gsl_matrix_get (Z, i, 0), s = 0.0;
  size_t j;
  for (j = 0; j < Z->size2; j++)
    m = fmax (m, gsl_matrix_get (Z, i, j));
  for (j = 0; j < Z->size2; j++)
    s += exp (gsl_matrix_get (Z, i, j) - m);
  return m + log (s);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double invN = 1.0 / (double) N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- Salazar ---- */

  // dZ2[i][j] = (exp(z2[i][j] - lse_i) - [j == y_i]) / N
  for (i = 0; i < N; i++)
    {
      double lse = row_logsumexp (cache->z2, i);
      for (j = 0; j < C; j++)
        {
          double pij = exp (gsl_matrix_get (cache->z2, i, j) - lse);
          gsl_matrix_set (g->dz2, i, j,
                          pij * invN - (j == y[i] ? invN : 0.0));
        }
    }

#if 0
  // first try, used prob from the cache directly -- works too, kept
  // for reference
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, invN);
#endif

  // dW2: start from the penalty 2*reg*W2, then accumulate p1^T dZ2 on top
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0,
                  g->dW2);

  // db2 = column sums of dZ2
  for (j = 0; j < C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* ---- Nakamura ---- */

  /* dp1, by hand first */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        size_t c;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
        gsl_matrix_set (g->dp1, i, j, s);
      }
  /* ... and again with BLAS, which is what we keep (same values) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* 1[z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* db1 before dW1 (no reason) */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  /* dW1 = 2 reg W1 + X^T dz1, same trick as above */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
