/* backward.c -- accumulate over the samples, one at a time */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, 2 * reg * gsl_matrix_get (net->W2, h, c));
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, d, h, 2 * reg * gsl_matrix_get (net->W1, d, h));
  gsl_vector_set_zero (g->db2);

  for (size_t n = 0; n < N; n++)
    {
      for (size_t c = 0; c < C; c++)
        {
          double v = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            v -= 1.0;
          gsl_matrix_set (g->dz2, n, c, v / N);
        }

      for (size_t c = 0; c < C; c++)
        {
          double dzc = gsl_matrix_get (g->dz2, n, c);
          *gsl_vector_ptr (g->db2, c) += dzc;
          for (size_t h = 0; h < H; h++)
            *gsl_matrix_ptr (g->dW2, h, c) += gsl_matrix_get (cache->p1, n, h) * dzc;
        }

      for (size_t h = 0; h < H; h++)
        {
          double s = 0;
          for (size_t c = 0; c < C; c++)
            s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
          gsl_matrix_set (g->dp1, n, h, s);
          if (gsl_matrix_get (cache->z1, n, h) <= 0)
            s = 0;
          gsl_matrix_set (g->dz1, n, h, s);
          *gsl_vector_ptr (g->db1, h) += s;
          for (size_t d = 0; d < D; d++)
            *gsl_matrix_ptr (g->dW1, d, h) += gsl_matrix_get (X, n, d) * s;
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
