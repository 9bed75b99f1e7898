/* Homework 3: backpropagation
 *
 * Following the lecture notes (lecture 7):
 *   delta2 = a2 - y                      (output layer, softmax + CE)
 *   delta1 = (delta2 W2^T) .* g'(z1)     with g'(z1) = a1 (1 - a1)
 *   dW^(l) = a^(l-1)^T delta^(l)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double a, s;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output layer */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (y[i] == k ? 1.0 : 0.0)) / N);

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  for (k = 0; k < C; k++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* hidden layer */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        a = gsl_matrix_get (cache->p1, i, j);
        gsl_matrix_set (g->dz1, i, j, s * a * (1 - a));
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        s = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  for (j = 0; j < H; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
