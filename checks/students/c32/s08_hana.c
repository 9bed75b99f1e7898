/* backward.c -- Hana Novak, HW2 two-layer net
 *
 * TODO: it is slow with all the loops, maybe use BLAS later.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;
  double s;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      {
        s = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          s = s - 1;
        gsl_matrix_set (g->dz2, i, j, s / N);
      }

  /* 2. dW2 */
  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      {
        s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* 3. db2 */
  for (k = 0; k < net->C; k++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        s = 0;
        for (k = 0; k < net->C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. dz1: relu derivative, 1 where the unit was active */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->p1, i, j) >= 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* 6. dW1 */
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++)
      {
        s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        s += 2 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, s);
      }

  /* 7. db1 */
  for (j = 0; j < net->H; j++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
