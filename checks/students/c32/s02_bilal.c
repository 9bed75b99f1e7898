/* backward.c -- HW3 Q2 backward pass, Bilal Haddad
 *
 * Everything with plain loops.  I recompute the softmax from the scores
 * (with the max trick) instead of trusting cache->prob, because the
 * lecture notes did it that way. */

#include <math.h>
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

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C) */
  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (cache->z2, i, 0);
      double sum = 0.0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (cache->z2, i, j) > mx)
          mx = gsl_matrix_get (cache->z2, i, j);
      for (j = 0; j < C; j++)
        sum += exp (gsl_matrix_get (cache->z2, i, j) - mx);
      for (j = 0; j < C; j++)
        {
          double p = exp (gsl_matrix_get (cache->z2, i, j) - mx) / sum;
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (g->dz2, i, j, p / N);
        }
    }

  /* 2. dW2 (H, C) = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 (C) */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 (N, H) = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. dz1 (N, H): relu let it through iff p1 > 0 (same as z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = 0.0;
        if (gsl_matrix_get (cache->p1, i, j) > 0)
          d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, d);
      }

  /* 6. dW1 (D, H) = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        s += 2 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  /* 7. db1 (H) */
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
