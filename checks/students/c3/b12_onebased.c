/* Matlab habits: indices from 1 to n, and (i-1) when touching C arrays.
 * Backward pass of the 2-layer net, HW 3. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int i, j, c, d;
  double acc;

  /* dscores */
  for (i = 1; i <= N; i++)
    for (c = 1; c <= C; c++)
      gsl_matrix_set (g->dz2, i - 1, c - 1, (gsl_matrix_get (cache->prob, i - 1, c - 1) - (c == (int) y[i - 1])) / N);

  /* W2, b2 */
  for (j = 1; j <= H; j++)
    for (c = 1; c <= C; c++)
      {
        acc = 0;
        for (i = 1; i <= N; i++)
          acc += gsl_matrix_get (cache->p1, i - 1, j - 1) * gsl_matrix_get (g->dz2, i - 1, c - 1);
        gsl_matrix_set (g->dW2, j - 1, c - 1, acc + 2 * reg * gsl_matrix_get (net->W2, j - 1, c - 1));
      }
  for (c = 1; c <= C; c++)
    {
      acc = 0;
      for (i = 1; i <= N; i++)
        acc += gsl_matrix_get (g->dz2, i - 1, c - 1);
      gsl_vector_set (g->db2, c - 1, acc);
    }

  /* hidden layer */
  for (i = 1; i <= N; i++)
    for (j = 1; j <= H; j++)
      {
        acc = 0;
        for (c = 1; c <= C; c++)
          acc += gsl_matrix_get (g->dz2, i - 1, c - 1) * gsl_matrix_get (net->W2, j - 1, c - 1);
        gsl_matrix_set (g->dp1, i - 1, j - 1, acc);
        gsl_matrix_set (g->dz1, i - 1, j - 1, gsl_matrix_get (cache->z1, i - 1, j - 1) > 0 ? acc : 0);
      }

  /* W1, b1 */
  for (d = 1; d <= D; d++)
    for (j = 1; j <= H; j++)
      {
        acc = 0;
        for (i = 1; i <= N; i++)
          acc += gsl_matrix_get (X, i - 1, d - 1) * gsl_matrix_get (g->dz1, i - 1, j - 1);
        gsl_matrix_set (g->dW1, d - 1, j - 1, acc + 2 * reg * gsl_matrix_get (net->W1, d - 1, j - 1));
      }
  for (j = 1; j <= H; j++)
    {
      acc = 0;
      for (i = 1; i <= N; i++)
        acc += gsl_matrix_get (g->dz1, i - 1, j - 1);
      gsl_vector_set (g->db1, j - 1, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
