/* backward.c  (homework 4)
 * George A.
 *
 * Everything with loops and gsl_matrix_get / gsl_matrix_set.
 * The bias gradients are accumulated row by row in the same loop that
 * computes dZ, to save a pass over the data.
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dZ2 and db2 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double v = gsl_matrix_get (cache->prob, i, k);
        if (y[i] == k)
          v -= 1.0;
        v = v / N;
        gsl_matrix_set (g->dz2, i, k, v);
        gsl_vector_set (g->db2, k, gsl_vector_get (g->db2, k) + v);
      }

  /* dW2 = A1^T dZ2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
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

  /* dZ1 and db1 (db1 starts at zero, it was allocated with zeros) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double v = 0.0;
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          v = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, v);
        gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + v);
      }

  /* dW1 = X^T dZ1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
