/* backward.c -- Lab 5, backward pass of the two layer net.
 * Done following the lecture example (week 9 slides), one block per
 * gradient.  Only get/set loops, no BLAS. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- 1. dz2 = (prob - onehot(y)) / N ---- */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        s = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          s = s - 1.0;
        gsl_matrix_set (g->dz2, i, k, s / N);
      }

  /* ---- 2. dW2 = p1^T dz2 + 2 reg W2 ---- */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* ---- 3. db2 = sum of dz2 over the samples ---- */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* ---- 4. dp1 = dz2 W2^T ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* ---- 5. dz1 = dp1 where z1 > 0, else 0 (relu) ---- */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* ---- 6. dW1 = X^T dz1 + 2 reg W1 ---- */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* ---- 7. db1 = sum of dz1 over the samples ---- */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
