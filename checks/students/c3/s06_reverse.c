/* Backward pass.  My habit: the parts of a gradient that need nothing
 * from upstream go in first (the weight penalties, layer 1 before layer
 * 2), and then each layer's bias gradient before its weight gradient.
 * Loops are do/while because every dimension here is at least 1. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t a, b, n;

  /* penalties first: dW1 = 2 reg W1, dW2 = 2 reg W2 */
  a = 0;
  do
    {
      b = 0;
      do
        {
          gsl_matrix_set (g->dW1, a, b, 2.0 * reg * gsl_matrix_get (net->W1, a, b));
          b++;
        }
      while (b < H);
      a++;
    }
  while (a < D);

  a = 0;
  do
    {
      b = 0;
      do
        {
          gsl_matrix_set (g->dW2, a, b, 2.0 * reg * gsl_matrix_get (net->W2, a, b));
          b++;
        }
      while (b < C);
      a++;
    }
  while (a < H);

  /* dz2 */
  n = 0;
  do
    {
      b = 0;
      do
        {
          double p = gsl_matrix_get (cache->prob, n, b);
          gsl_matrix_set (g->dz2, n, b, (b == y[n] ? p - 1.0 : p) / N);
          b++;
        }
      while (b < C);
      n++;
    }
  while (n < N);

  /* db2, then the data part of dW2 */
  b = 0;
  do
    {
      double s = 0.0;
      n = 0;
      do
        s += gsl_matrix_get (g->dz2, n++, b);
      while (n < N);
      gsl_vector_set (g->db2, b, s);
      b++;
    }
  while (b < C);

  a = 0;
  do
    {
      b = 0;
      do
        {
          double s = gsl_matrix_get (g->dW2, a, b);
          n = 0;
          do
            {
              s += gsl_matrix_get (cache->p1, n, a) * gsl_matrix_get (g->dz2, n, b);
              n++;
            }
          while (n < N);
          gsl_matrix_set (g->dW2, a, b, s);
          b++;
        }
      while (b < C);
      a++;
    }
  while (a < H);

  /* dp1 and dz1 */
  n = 0;
  do
    {
      a = 0;
      do
        {
          double s = 0.0;
          b = 0;
          do
            {
              s += gsl_matrix_get (g->dz2, n, b) * gsl_matrix_get (net->W2, a, b);
              b++;
            }
          while (b < C);
          gsl_matrix_set (g->dp1, n, a, s);
          gsl_matrix_set (g->dz1, n, a, gsl_matrix_get (cache->z1, n, a) > 0.0 ? s : 0.0);
          a++;
        }
      while (a < H);
      n++;
    }
  while (n < N);

  /* db1, then the data part of dW1 */
  b = 0;
  do
    {
      double s = 0.0;
      n = 0;
      do
        s += gsl_matrix_get (g->dz1, n++, b);
      while (n < N);
      gsl_vector_set (g->db1, b, s);
      b++;
    }
  while (b < H);

  a = 0;
  do
    {
      b = 0;
      do
        {
          double s = gsl_matrix_get (g->dW1, a, b);
          n = 0;
          do
            {
              s += gsl_matrix_get (X, n, a) * gsl_matrix_get (g->dz1, n, b);
              n++;
            }
          while (n < N);
          gsl_matrix_set (g->dW1, a, b, s);
          b++;
        }
      while (b < H);
      a++;
    }
  while (a < D);

  g->present = BP_GRADS_ALL;
  return 0;
}
