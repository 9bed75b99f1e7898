#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;

  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);
    }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double t = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (i = 0; i < N; i++)
          t += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, t);
      }

  for (k = 0; k < C; k++)
    {
      double t = 0;
      for (i = 0; i < N; i++)
        t += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, t);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0;
        for (k = 1; k < C; k++)
          t += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, t);
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0);

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double t = 2 * reg * gsl_matrix_get (net->W1, k, j);
        for (i = 0; i < N; i++)
          t += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, t);
      }

  for (j = 0; j < H; j++)
    {
      double t = 0;
      for (i = 0; i < N; i++)
        t += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, t);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
