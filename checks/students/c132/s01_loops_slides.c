/* backward.c -- homework 4, two layer net backward pass
 * Evening class, week 7.  Written with plain loops like on the slides
 * (slide 23: dZ2 = A2 - Y, dW2 = A1^T dZ2, db2 = sum(dZ2), dA1 = dZ2 W2^T,
 *  dZ1 = dA1 * g'(Z1), dW1 = X^T dZ1, db1 = sum(dZ1)).
 * Here A1 is cache->p1 and A2 is cache->prob. */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dZ2 = (A2 - Y) / m   (m = N, the number of examples) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double a2 = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          a2 = a2 - 1.0;
        gsl_matrix_set (g->dz2, i, k, a2 / (double) N);
      }

  /* dW2 = A1^T dZ2 + 2*reg*W2   (no 1/2 in the reg, so the 2 stays) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* db2 = sum over the examples of dZ2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dA1 = dZ2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dZ1 = dA1 * relu'(Z1), relu' is 1 where Z1 > 0 and 0 elsewhere */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* dW1 = X^T dZ1 + 2*reg*W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* db1 = sum of dZ1 over examples */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
