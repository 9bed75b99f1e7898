/* backward.c
 * --------------------------------------------------------------------
 * Backward pass for TwoLayerNet, rewritten from numpy.  I named things
 * like in lecture: z1, a1 (= relu(z1)), z2 (scores).
 * Each numpy line is in a comment, then the same thing as C loops.
 * -------------------------------------------------------------------- */

#include <stdlib.h>
#include "backprop.h"

#define IDX(i, j, ncols) ((i) * (ncols) + (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *W2T, *da1, *dz1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = probs.copy(); dz2[range(N), y] -= 1; dz2 /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = a1.T @ dz2 + 2 * reg * W2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double acc = 0.0;
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
        gsl_matrix_set (g->dW2, i, j, acc + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
      }

  /* db2 = dz2.sum(axis=0) */
  for (j = 0; j < C; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, acc);
    }

  /* W2T = W2.T      (C, H) */
  W2T = malloc (C * H * sizeof (double));
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      W2T[IDX (j, i, H)] = gsl_matrix_get (net->W2, i, j);

  /* da1 = dz2 @ W2T   (N, C) @ (C, H) */
  da1 = malloc (N * H * sizeof (double));
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * W2T[IDX (j, k, C)];
        da1[IDX (i, j, H)] = acc;
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* dz1 = da1.copy(); dz1[z1 <= 0] = 0 */
  dz1 = malloc (N * H * sizeof (double));
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        dz1[IDX (i, j, H)] = da1[IDX (i, j, H)];
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          dz1[IDX (i, j, H)] = 0.0;
        gsl_matrix_set (g->dz1, i, j, dz1[IDX (i, j, H)]);
      }

  /* dW1 = X.T @ dz1 + 2 * reg * W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (X, k, i) * dz1[IDX (k, j, H)];
        gsl_matrix_set (g->dW1, i, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* db1 = dz1.sum(axis=0) */
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += dz1[IDX (i, j, H)];
      gsl_vector_set (g->db1, j, acc);
    }

  free (W2T);
  free (da1);
  free (dz1);
  g->present = BP_GRADS_ALL;
  return 0;
}
