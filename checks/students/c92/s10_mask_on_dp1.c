/* backward.c -- your backward pass of the two-layer net, to be checked by
 * `gradcheck --backward ./backward.so`.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i]) v -= 1.0;
        gsl_matrix_set (g->dz2, i, j, v / (double) N);
      }

  /* 2. dW2 (H, C) */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, i, j);
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
        gsl_matrix_set (g->dW2, i, j, acc);
      }

  /* 3. db2 (C) */
  for (j = 0; j < net->C; j++)
    {
      double acc = 0.0;
      for (k = 0; k < N; k++)
        acc += gsl_matrix_get (g->dz2, k, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* 4. dp1 (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < net->C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* 5. dz1 (N, H): the ReLU only passes gradient where it was active */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (g->dp1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 (D, H) */
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, i, j);
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, acc);
      }

  /* 7. db1 (H) */
  for (j = 0; j < net->H; j++)
    {
      double acc = 0.0;
      for (k = 0; k < N; k++)
        acc += gsl_matrix_get (g->dz1, k, j);
      gsl_vector_set (g->db1, j, acc);
    }

  /* Tell gradcheck which gradients hold values: all seven. */
  g->present = BP_GRADS_ALL;
  return 0;
}
