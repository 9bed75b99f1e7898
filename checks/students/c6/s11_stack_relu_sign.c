/* backward.c -- intermediates in local arrays, copied out at the end */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const int N = (int) X->size1, D = (int) net->D;
  const int H = (int) net->H, C = (int) net->C;
  if ((size_t) N != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  double dscores[N][C], dhidden[N][H], drelu[N][H];

  for (int i = 0; i < N; i++)
    for (int k = 0; k < C; k++)
      dscores[i][k] = (gsl_matrix_get (cache->prob, i, k)
                       - (k == (int) y[i] ? 1.0 : 0.0)) / N;

  for (int i = 0; i < N; i++)
    for (int j = 0; j < H; j++)
      {
        double s = 0;
        for (int k = 0; k < C; k++)
          s += dscores[i][k] * gsl_matrix_get (net->W2, j, k);
        dhidden[i][j] = s;
      }

  for (int i = 0; i < N; i++)
    for (int j = 0; j < H; j++)
      drelu[i][j] = dhidden[i][j] > 0 ? dhidden[i][j] : 0;

  for (int i = 0; i < N; i++)
    {
      for (int k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, dscores[i][k]);
      for (int j = 0; j < H; j++)
        {
          gsl_matrix_set (g->dp1, i, j, dhidden[i][j]);
          gsl_matrix_set (g->dz1, i, j, drelu[i][j]);
        }
    }

  for (int j = 0; j < H; j++)
    for (int k = 0; k < C; k++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (int i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * dscores[i][k];
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (int k = 0; k < C; k++)
    {
      double s = 0;
      for (int i = 0; i < N; i++)
        s += dscores[i][k];
      gsl_vector_set (g->db2, k, s);
    }

  for (int d = 0; d < D; d++)
    for (int j = 0; j < H; j++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, d, j);
        for (int i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * drelu[i][j];
        gsl_matrix_set (g->dW1, d, j, s);
      }
  for (int j = 0; j < H; j++)
    {
      double s = 0;
      for (int i = 0; i < N; i++)
        s += drelu[i][j];
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
