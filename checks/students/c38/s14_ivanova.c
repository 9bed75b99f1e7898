/* Irina Ivanova
 * Neural Networks from Scratch -- Homework 3, backward pass
 *
 * Plain loops with get/set.  Order of the loops in the matrix products
 * is (output row, output column, summed index).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t a, b, n;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* softmax-loss gradient */
  for (n = 0; n < N; n++)
    for (b = 0; b < C; b++)
      {
        double v = gsl_matrix_get (cache->prob, n, b);
        if (b == y[n])
          v = v - 1.0;
        gsl_matrix_set (g->dz2, n, b, v / (double) N);
      }

  /* dW2 (H x C) */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      {
        double t = 0.0;
        for (n = 0; n < N; n++)
          t += gsl_matrix_get (cache->p1, n, a) * gsl_matrix_get (g->dz2, n, b);
        gsl_matrix_set (g->dW2, a, b, t + 2.0 * reg * gsl_matrix_get (net->W2, a, b));
      }

  /* db2 (C) */
  for (b = 0; b < C; b++)
    {
      double t = 0.0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz2, n, b);
      gsl_vector_set (g->db2, b, t);
    }

  /* dp1 (N x H) */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        double t = 0.0;
        for (b = 0; b < C; b++)
          t += gsl_matrix_get (g->dz2, n, b) * gsl_matrix_get (net->W2, a, b);
        gsl_matrix_set (g->dp1, n, a, t);
      }

  /* dz1 (N x H) */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        double t = 0.0;
        if (gsl_matrix_get (cache->z1, n, a) > 0.0)
          t = gsl_matrix_get (g->dp1, n, a);
        gsl_matrix_set (g->dz1, n, a, t);
      }

  /* dW1 (D x H) */
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      {
        double t = 0.0;
        for (n = 0; n < D; n++)
          t += gsl_matrix_get (X, n, a) * gsl_matrix_get (g->dz1, n, b);
        gsl_matrix_set (g->dW1, a, b, t + 2.0 * reg * gsl_matrix_get (net->W1, a, b));
      }

  /* db1 (H) */
  for (b = 0; b < H; b++)
    {
      double t = 0.0;
      for (n = 0; n < N; n++)
        t += gsl_matrix_get (g->dz1, n, b);
      gsl_vector_set (g->db1, b, t);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
