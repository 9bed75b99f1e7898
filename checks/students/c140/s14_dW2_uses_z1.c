/* backward.c -- Assignment 3, backward pass of the two-layer net.
 *
 * Fill in the blocks marked TODO.  Do not change the signature.
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

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k));
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (g->dz2, i, k) / N);
    }
  /* END TODO */

  /* TODO: compute dW2 */
  /* hidden layer output (transposed) times dz2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double sum = 0;
        for (i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->z1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, sum + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  /* END TODO */

  /* TODO: compute db2 */
  for (k = 0; k < C; k++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }
  /* END TODO */

  /* TODO: compute dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }
  /* END TODO */

  /* TODO: compute dz1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);
  /* END TODO */

  /* TODO: compute dW1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double sum = 0;
        for (k = 0; k < N; k++)
          sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, sum + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }
  /* END TODO */

  /* TODO: compute db1 */
  for (j = 0; j < H; j++)
    {
      double sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
