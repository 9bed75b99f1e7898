/* backward.c -- homework 4, backward pass of the two-layer net
 *
 * I don't use cache->prob: the softmax is recomputed from the scores
 * (cache->z2) here, shifted by the row max like in the lecture notes, so
 * the probabilities are the ones I know how they were made.
 * Everything is plain loops with gsl_matrix_get / gsl_matrix_set. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;
  gsl_matrix *P;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  P = gsl_matrix_alloc (N, C);
  if (P == NULL)
    return 1;

  /* softmax of the scores, one row at a time */
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0), s = 0.0;
      for (k = 1; k < C; k++)
        if (gsl_matrix_get (cache->z2, i, k) > m)
          m = gsl_matrix_get (cache->z2, i, k);
      for (k = 0; k < C; k++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, k) - m);
          gsl_matrix_set (P, i, k, e);
          s += e;
        }
      for (k = 0; k < C; k++)
        gsl_matrix_set (P, i, k, gsl_matrix_get (P, i, k) / s);
    }

  /* 1. dz2 = (P - Y) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (P, i, k);
        if (k == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, k, v / N);
      }
  gsl_matrix_free (P);

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = sum over the samples */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. dz1: the relu passes the gradient where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j,
                        s + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
      }

  /* 7. db1 */
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
