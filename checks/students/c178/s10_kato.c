/* backward.c  -- Report 3, backpropagation of the two-layer network
 *
 *   Kato Hinata   student no. 2251020
 *
 * Notation:  omomi = weights, kakure = hidden layer, gosa = error (gradient).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  const gsl_matrix *omomi2 = net->W2;
  const gsl_matrix *kakure = cache->p1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* --- gosa at the output: dz2 = (prob - onehot) / N --- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* --- dW2 = kakure' dz2 + 2 reg W2 --- */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (kakure, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (omomi2, j, k));
      }

  /* --- db2 = column sums of dz2 --- */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* --- gosa at the hidden layer: dp1 = dz2 omomi2' --- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, omomi2, 0.0, g->dp1);

  /* --- dz1 = dp1 where z1 > 0 --- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double m = (gsl_matrix_get (cache->z1, i, j) > 0.0) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, m * gsl_matrix_get (g->dp1, i, j));
      }

  /* --- dW1 = X' dz1 (+ reg) --- */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  /* --- db1 = column sums of dz1 --- */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
