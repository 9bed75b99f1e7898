/* backward.c  --  Hannah Schmid
 * Plain loops, no BLAS (couldn't get cblas to link on my laptop).
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
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores: start from probs / N, then the correct class gets -1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (k = 0; k < C; k++)
    {
      s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1 = dz2 * W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0);
      }

  /* dW1, db1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        s = 0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, s + 2 * reg * gsl_matrix_get (net->W1, k, j));
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
