/* Assignment 3 - backprop by hand
 * Amara Okafor
 *
 * Everything in plain loops, no BLAS (I wanted to see every index).
 * Derivation notes are in my notebook p.12-14.
 */

#include <stdlib.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;
  double twice_reg = reg + reg;   /* no 1/2 in our loss! */

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dz2 = -(onehot - p) / N */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double onehot = (y[n] == c);
        gsl_matrix_set (g->dz2, n, c,
                        -(onehot - gsl_matrix_get (cache->prob, n, c)) / N);
      }

  /* dW2: I first got (dz2^T p1) which is (C,H), then store it transposed.
     Same numbers as p1^T dz2. */
  gsl_matrix *dW2T = gsl_matrix_alloc (C, H);
  for (c = 0; c < C; c++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (cache->p1, n, h);
        gsl_matrix_set (dW2T, c, h, s);
      }
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (dW2T, c, h)
                      + twice_reg * gsl_matrix_get (net->W2, h, c));
  gsl_matrix_free (dW2T);

  /* db2 */
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_vector_set (g->db2, c,
                      gsl_vector_get (g->db2, c) + gsl_matrix_get (g->dz2, n, c));

  /* dp1[n][h] = sum_c dz2[n][c] W2[h][c] */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* relu' (z1) = 1 if z1 > 0 else 0 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, n, h, mask * gsl_matrix_get (g->dp1, n, h));
      }

  /* dW1[d][h] = sum_n X[n][d] dz1[n][h] + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = twice_reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s);
      }

  /* db1 */
  for (h = 0; h < H; h++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
