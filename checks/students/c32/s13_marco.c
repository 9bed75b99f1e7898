/* backward.c -- Marco Bianchi
 * HW2, backward pass.  Loops only, I did not get BLAS to link on my laptop.
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

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double v = gsl_matrix_get (cache->prob, n, c);
        if (c == y[n])
          v -= 1.0;
        gsl_matrix_set (g->dz2, n, c, v / N);
      }

  /* 2. and 3. dW2 and db2 in one go */
  for (size_t c = 0; c < C; c++)
    {
      double bsum = 0.0;
      for (size_t n = 0; n < N; n++)
        bsum += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, bsum);

      for (size_t h = 0; h < H; h++)
        {
          double wsum = 0.0;
          for (size_t n = 0; n < N; n++)
            wsum += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
          gsl_matrix_set (g->dW2, h, c, wsum + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
        }
    }

  /* 4. dp1 */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* 5. and 7. dz1 through the relu, and db1 in the same loop */
  for (size_t h = 0; h < H; h++)
    {
      double bsum = 0.0;
      for (size_t n = 0; n < N; n++)
        {
          double d = gsl_matrix_get (g->dp1, n, h);
          bsum += d;
          if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
            d = 0.0;
          gsl_matrix_set (g->dz1, n, h, d);
        }
      gsl_vector_set (g->db1, h, bsum);
    }

  /* 6. dW1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
