/* backward.c  (floats are enough for a gradient, and half the memory) */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, j, k;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        float p = gsl_matrix_get (cache->prob, i, k);
        if (k == (int) y[i])
          p -= 1.0f;
        gsl_matrix_set (g->dz2, i, k, p / N);
      }

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        float acc = 0.0f;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  for (k = 0; k < C; k++)
    {
      float acc = 0.0f;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        float acc = 0.0f;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? acc : 0.0f);
      }

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        float acc = 0.0f;
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, acc + 2 * reg * gsl_matrix_get (net->W1, i, j));
      }
  for (j = 0; j < H; j++)
    {
      float acc = 0.0f;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
