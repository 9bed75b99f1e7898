/* backward.c -- Report 3
 * Hayashi Minato, 2251047
 *
 * relu(z) = max(0, z), so relu'(z) is 1 where the unit is on and 0 where
 * it is off.  kakure = p1 = relu(z1) is kept in the cache.
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
  const gsl_matrix *kakure = cache->p1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0);
        gsl_matrix_set (g->dz2, i, k, v / (double) N);
      }

  /* dW2 = p1' dz2 + 2 reg W2 (H, C) */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, kakure, g->dz2, 2.0 * reg,
                  g->dW2);

  /* db2 (C) */
  for (k = 0; k < C; k++)
    {
      double v = 0.0;
      for (i = 0; i < N; i++)
        v += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, v);
    }

  /* dp1 = dz2 W2' (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = 0.0;
        for (k = 0; k < C; k++)
          v += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, v);
      }

  /* dz1 = dp1 * relu'(z1) (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, v * gsl_matrix_get (kakure, i, j));
      }

  /* dW1 = X' dz1 + 2 reg W1 (D, H) */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double v = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          v += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, v);
      }

  /* db1 (H) */
  for (j = 0; j < H; j++)
    {
      double v = 0.0;
      for (i = 0; i < N; i++)
        v += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, v);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
