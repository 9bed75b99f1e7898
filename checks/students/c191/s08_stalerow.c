/* backward.c -- my backward pass.
 *
 * d[] holds the current sample's row of dz2 so I don't have to go back
 * through gsl_matrix_get for it every time.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, m;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double d[C];
  double gW2[H][C], gb2[C], gW1[D][H], gb1[H];

  for (k = 0; k < C; k++)
    {
      d[k] = 0.0;
      gb2[k] = 0.0;
      for (j = 0; j < H; j++)
        gW2[j][k] = 0.0;
    }

  for (i = 0; i < N; i++)
    {
      /* hidden layer gets dz2 . W2^T */
      for (j = 0; j < H; j++)
        {
          double s = 0.0;
          for (k = 0; k < C; k++)
            s += d[k] * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, s);
        }
      /* scores */
      for (k = 0; k < C; k++)
        {
          d[k] = (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N;
          gsl_matrix_set (g->dz2, i, k, d[k]);
          gb2[k] += d[k];
          for (j = 0; j < H; j++)
            gW2[j][k] += gsl_matrix_get (cache->p1, i, j) * d[k];
        }
    }

  for (j = 0; j < H; j++)
    {
      gb1[j] = 0.0;
      for (m = 0; m < D; m++)
        gW1[m][j] = 0.0;
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double e = gsl_matrix_get (cache->z1, i, j) > 0.0
                   ? gsl_matrix_get (g->dp1, i, j) : 0.0;
        gsl_matrix_set (g->dz1, i, j, e);
        gb1[j] += e;
        for (m = 0; m < D; m++)
          gW1[m][j] += gsl_matrix_get (X, i, m) * e;
      }

  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dW2, j, k,
                        gW2[j][k] + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      for (m = 0; m < D; m++)
        gsl_matrix_set (g->dW1, m, j,
                        gW1[m][j] + 2.0 * reg * gsl_matrix_get (net->W1, m, j));
      gsl_vector_set (g->db1, j, gb1[j]);
    }
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, gb2[k]);

  g->present = BP_GRADS_ALL;
  return 0;
}
