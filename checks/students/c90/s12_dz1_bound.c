/* backward.c -- backprop through the two-layer net.
 *
 * Indices: i over the batch (N), j over hidden units (H), c over classes
 * (C), d over input features (D).
 *
 *  (1) dz2[i][c] = (P[i][c] - delta(c, y_i)) / N
 *  (2) dW2[j][c] = sum_i p1[i][j] dz2[i][c] + 2 reg W2[j][c]
 *  (3) db2[c]    = sum_i dz2[i][c]
 *  (4) dp1[i][j] = sum_c dz2[i][c] W2[j][c]
 *  (5) dz1[i][j] = dp1[i][j] if z1[i][j] > 0, 0 if z1[i][j] <= 0
 *  (6) dW1[d][j] = sum_i X[i][d] dz1[i][j] + 2 reg W1[d][j]
 *  (7) db1[j]    = sum_i dz1[i][j]
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, c, d;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* (1) */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* (2) and (3) */
  for (c = 0; c < C; c++)
    {
      for (j = 0; j < H; j++)
        {
          acc = 0.0;
          for (i = 0; i < N; i++)
            acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, c);
          gsl_matrix_set (g->dW2, j, c, acc + 2.0 * reg * gsl_matrix_get (net->W2, j, c));
        }
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* (4) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* (5): copy dp1, then zero the entries where the unit was off */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  /* (6) and (7) */
  for (j = 0; j < H; j++)
    {
      for (d = 0; d < D; d++)
        {
          acc = 0.0;
          for (i = 0; i < N; i++)
            acc += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
          gsl_matrix_set (g->dW1, d, j, acc + 2.0 * reg * gsl_matrix_get (net->W1, d, j));
        }
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
