/* backward.c -- resubmit.
 * Attempt 1: dz1 was all wrong because I used p1 for dp1.  dp1 fixed now.
 */
#include <stdio.h>
#include "backprop.h"

#define DEBUG 0

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  const double *prob = cache->prob->data;
  const size_t ptda = cache->prob->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      g->dz2->data[n * g->dz2->tda + c] =
        (prob[n * ptda + c] - (c == y[n])) / (double) N;

  /* dW2 and db2 in one go */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, s + 2 * reg * gsl_matrix_get (net->W2, h, c));
      }
  for (c = 0; c < C; c++)
    {
      double s = 0;
      for (n = 0; n < N; n++)
        s += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* dp1 = dz2 . W2^T   (was: cache->p1, wrong) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, s);
      }

  /* dz1: relu lets the gradient through where it is positive */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double v = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, v > 0 ? v : 0);
      }
#if DEBUG
  fprintf (stderr, "dz1[0] %g %g\n", gsl_matrix_get (g->dz1, 0, 0),
           gsl_matrix_get (g->dz1, 0, 1));
#endif

  /* dW1, db1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, s + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }
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
