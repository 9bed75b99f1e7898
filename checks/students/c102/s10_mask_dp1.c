/*
 * backward.c -- two layer net, backward pass (HW 3)
 *
 * board:  dscores = probs - onehot, / N
 *         dW2 = h^T dscores (+2 reg W2)    db2 = sum rows
 *         dh = dscores W2^T ;  dh[h <= 0] = 0
 *         dW1 = X^T dh (+2 reg W1)         db1 = sum rows
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c)
                                     - (c == y[n])) / N);

  gsl_vector_set_zero (g->db2);
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double w = 2 * reg * gsl_matrix_get (net->W2, h, c);
        for (n = 0; n < N; n++)
          w += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, w);
      }
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

  /* dh */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* dh[h <= 0] = 0 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double dh = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, dh <= 0 ? 0.0 : dh);
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double w = 2 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          w += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, w);
      }

  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + gsl_matrix_get (g->dz1, n, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
