/* backward.c -- the backward pass of the two-layer net.
 *
 * I do not use the cache: forward_again() recomputes z1, p1, z2 and the
 * probabilities from X and the weights, and every gradient below is
 * computed from my own copies, so I know exactly what they hold. */

#include <math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* z1 = X W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, prob = softmax(z2) */
static void
forward_again (const bp_net *net, const gsl_matrix *X, gsl_matrix *z1,
               gsl_matrix *p1, gsl_matrix *z2, gsl_matrix *prob)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = gsl_vector_get (net->b1, j);
        for (k = 0; k < D; k++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (z1, i, j, s);
        gsl_matrix_set (p1, i, j, s > 0.0 ? s : 0.0);
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double s = gsl_vector_get (net->b2, j);
        for (k = 0; k < H; k++)
          s += gsl_matrix_get (p1, i, k) * gsl_matrix_get (net->W2, k, j);
        gsl_matrix_set (z2, i, j, s);
      }

  /* softmax row by row, the max subtracted so exp cannot overflow */
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (z2, i, 0), sum = 0.0;
      for (j = 1; j < C; j++)
        if (gsl_matrix_get (z2, i, j) > m)
          m = gsl_matrix_get (z2, i, j);
      for (j = 0; j < C; j++)
        {
          double e = exp (gsl_matrix_get (z2, i, j) - m);
          gsl_matrix_set (prob, i, j, e);
          sum += e;
        }
      for (j = 0; j < C; j++)
        gsl_matrix_set (prob, i, j, gsl_matrix_get (prob, i, j) / sum);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *z1, *p1, *z2, *prob;

  (void) cache;                 /* recomputed below instead */

  z1 = gsl_matrix_alloc (N, H);
  p1 = gsl_matrix_alloc (N, H);
  z2 = gsl_matrix_alloc (N, C);
  prob = gsl_matrix_alloc (N, C);
  if (z1 == NULL || p1 == NULL || z2 == NULL || prob == NULL)
    {
      gsl_matrix_free (z1);
      gsl_matrix_free (p1);
      gsl_matrix_free (z2);
      gsl_matrix_free (prob);
      return 1;
    }

  forward_again (net, X, z1, p1, z2, prob);

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (prob, i, j) - (j == y[i] ? 1.0 : 0.0);
        gsl_matrix_set (g->dz2, i, j, v / (double) N);
      }

  /* dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 = sum of the rows of dz2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1 = dz2 W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j,
                        s + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  /* db1 = sum of the rows of dz1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (z1);
  gsl_matrix_free (p1);
  gsl_matrix_free (z2);
  gsl_matrix_free (prob);

  g->present = BP_GRADS_ALL;
  return 0;
}
