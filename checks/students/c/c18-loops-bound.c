/* Assignment 3, backward pass.
 * Loop order chosen so the inner loop walks rows (cache friendly). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c)
                                     - (c == y[n])) / (double) N);

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, 2.0 * reg * gsl_matrix_get (net->W2, h, c));
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double d2 = gsl_matrix_get (g->dz2, n, c);
        for (h = 0; h < H; h++)
          gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                          + gsl_matrix_get (cache->p1, n, h) * d2);
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d2);
      }

  gsl_matrix_set_zero (g->dp1);
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      for (h = 0; h < H; h++)
        gsl_matrix_set (g->dp1, n, h, gsl_matrix_get (g->dp1, n, h)
                        + gsl_matrix_get (g->dz2, n, c)
                          * gsl_matrix_get (net->W2, h, c));

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0
                      ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  for (d = 0; d < D - 1; d++)
    for (h = 0; h < H; h++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s);
      }

  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h)
                      + gsl_matrix_get (g->dz1, n, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
