/* backward.c
 *
 * I keep the unscaled error (P - Y) in a buffer of my own and only divide
 * by N when I use it, like in my numpy version.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *err;                  /* (N, C), P - Y, not divided by N */

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  err = malloc (N * C * sizeof *err);
  if (!err)
    return 1;

  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        err[n * C + c] = gsl_matrix_get (cache->prob, n, c) - (c == y[n]);
        gsl_matrix_set (g->dz2, n, c, err[n * C + c] / N);
      }

  /* dL/dW2 = (1/N) p1^T (P - Y) + 2 reg W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, h) * err[n * C + c];
        gsl_matrix_set (g->dW2, h, c,
                        (s + 2 * reg * gsl_matrix_get (net->W2, h, c)) / N);
      }

  for (size_t c = 0; c < C; c++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += err[n * C + c];
      gsl_vector_set (g->db2, c, s / N);
    }

  /* hidden: dp1 = (P - Y) W2^T / N, dz1 masked */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += err[n * C + c] * gsl_matrix_get (net->W2, h, c);
        s /= N;
        gsl_matrix_set (g->dp1, n, h, s);
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->z1, n, h) > 0 ? s : 0.0);
      }

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double s = 0.0;
        for (size_t n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  for (size_t h = 0; h < H; h++)
    {
      double s = 0.0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, s);
    }

  free (err);
  g->present = BP_GRADS_ALL;
  return 0;
}
