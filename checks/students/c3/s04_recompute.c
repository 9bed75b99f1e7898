/* backward.c -- I don't trust caches I didn't fill myself, so this redoes
 * the forward pass (z1, p1, scores) from X and the weights, and the
 * softmax from scratch with log-sum-exp.  For the true class,
 * p - 1 = exp(z - lse) - 1 = expm1(z - lse), which keeps the digits when
 * p is close to 1. */

#include <math.h>
#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  double *z1, *p1, *sc;

  (void) cache;
  z1 = malloc (N * H * sizeof *z1);
  p1 = malloc (N * H * sizeof *p1);
  sc = malloc (N * C * sizeof *sc);
  if (!z1 || !p1 || !sc)
    {
      free (z1); free (p1); free (sc);
      return 1;
    }

  /* forward again */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double a = gsl_vector_get (net->b1, h);
        for (d = 0; d < D; d++)
          a += gsl_matrix_get (X, n, d) * gsl_matrix_get (net->W1, d, h);
        z1[n * H + h] = a;
        p1[n * H + h] = a > 0 ? a : 0;
      }
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double a = gsl_vector_get (net->b2, c);
        for (h = 0; h < H; h++)
          a += p1[n * H + h] * gsl_matrix_get (net->W2, h, c);
        sc[n * C + c] = a;
      }

  /* dz2 from the log-sum-exp of each row */
  for (n = 0; n < N; n++)
    {
      double m = sc[n * C], sum = 0, lse;
      for (c = 1; c < C; c++)
        if (sc[n * C + c] > m)
          m = sc[n * C + c];
      for (c = 0; c < C; c++)
        sum += exp (sc[n * C + c] - m);
      lse = m + log (sum);
      for (c = 0; c < C; c++)
        {
          double t = sc[n * C + c] - lse;
          double v = (c == y[n]) ? expm1 (t) : exp (t);
          gsl_matrix_set (g->dz2, n, c, v / (double) N);
        }
    }

  /* layer 2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double a = 2 * reg * gsl_matrix_get (net->W2, h, c);
        for (n = 0; n < N; n++)
          a += p1[n * H + h] * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, a);
      }
  for (c = 0; c < C; c++)
    {
      double a = 0;
      for (n = 0; n < N; n++)
        a += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, a);
    }
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double a = 0;
        for (c = 0; c < C; c++)
          a += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, a);
        gsl_matrix_set (g->dz1, n, h, z1[n * H + h] > 0 ? a : 0);
      }

  /* layer 1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double a = 2 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          a += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, a);
      }
  for (h = 0; h < H; h++)
    {
      double a = 0;
      for (n = 0; n < N; n++)
        a += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, a);
    }

  free (z1);
  free (p1);
  free (sc);
  g->present = BP_GRADS_ALL;
  return 0;
}
