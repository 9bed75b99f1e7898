/* backward.c : gradients of the two-layer net.
   Everything with gsl_matrix_get / gsl_matrix_set, one loop nest per
   formula, columns outside (j) and rows inside (i). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double acc, Y;
  gsl_matrix *dZ2 = g->dz2, *dA1 = g->dp1, *dZ1 = g->dz1;
  gsl_matrix *dW2 = g->dW2, *dW1 = g->dW1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dZ2 = (P - Y)/N */
  for (j = 0; j < C; j++)
    for (i = 0; i < N; i++)
      {
        Y = (y[i] == j) ? 1.0 : 0.0;
        gsl_matrix_set (dZ2, i, j, (gsl_matrix_get (cache->prob, i, j) - Y) / N);
      }

  /* dW2 = Z1' * dZ2 + 2 reg W2      (H x C) */
  for (j = 0; j < C; j++)
    for (k = 0; k < H; k++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->z1, i, k) * gsl_matrix_get (dZ2, i, j);
        gsl_matrix_set (dW2, k, j, acc + 2.0 * reg * gsl_matrix_get (net->W2, k, j));
      }

  /* db2 = sum(dZ2, 1) */
  for (j = 0; j < C; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (dZ2, i, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* dA1 = dZ2 * W2'      (N x H) */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++)
      {
        acc = 0.0;
        for (j = 0; j < C; j++)
          acc += gsl_matrix_get (dZ2, i, j) * gsl_matrix_get (net->W2, k, j);
        gsl_matrix_set (dA1, i, k, acc);
      }

  /* dZ1 = dA1 .* (Z1 > 0) */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++)
      gsl_matrix_set (dZ1, i, k, gsl_matrix_get (cache->z1, i, k) > 0.0
                                 ? gsl_matrix_get (dA1, i, k) : 0.0);

  /* dW1 = X' * dZ1 + 2 reg W1      (D x H) */
  for (k = 0; k < H; k++)
    for (j = 0; j < D; j++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, j) * gsl_matrix_get (dZ1, i, k);
        gsl_matrix_set (dW1, j, k, acc + 2.0 * reg * gsl_matrix_get (net->W1, j, k));
      }

  /* db1 = sum(dZ1, 1) */
  for (k = 0; k < H; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (dZ1, i, k);
      gsl_vector_set (g->db1, k, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
