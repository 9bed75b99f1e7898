#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int i, j, k;
  double sum;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == (int) y[i])
          v -= 1;
        gsl_matrix_set (g->dz2, i, j, v / N);
      }

  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        sum = 0;
        for (k = 0; k < N; k++)
          sum += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
        gsl_matrix_set (g->dW2, i, j, sum + 2 * reg * gsl_matrix_get (net->W2, i, j));
      }

  for (i = 0; i < C; i++)
    {
      sum = 0;
      for (j = 0; j < C; j++)
        sum += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, i, sum);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        sum = 0;
        for (k = 0; k < C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0);

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        sum = 0;
        for (k = 0; k < N; k++)
          sum += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, sum + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }

  for (j = 0; j < H; j++)
    {
      sum = 0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
