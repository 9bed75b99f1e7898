/* backward.c - Lab 4 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C;
  size_t i, j, k;
  double scale;
  double acc;
  double target;

  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  scale = 1 / N;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          target = (j == y[i]) ? 1.0 : 0.0;
          gsl_matrix_set (g->dz2, i, j,
                          (gsl_matrix_get (cache->prob, i, j) - target) * scale);
        }
    }

  /* 2. dW2 */
  for (j = 0; j < H; j++)
    {
      for (k = 0; k < C; k++)
        {
          acc = 0.0;
          for (i = 0; i < N; i++)
            acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
          acc += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dW2, j, k, acc);
        }
    }

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* 4. dp1 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          acc = 0.0;
          for (k = 0; k < C; k++)
            acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
          gsl_matrix_set (g->dp1, i, j, acc);
        }
    }

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < H; j++)
        {
          if (gsl_matrix_get (cache->z1, i, j) > 0.0)
            gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
          else
            gsl_matrix_set (g->dz1, i, j, 0.0);
        }
    }

  /* 6. dW1 */
  for (k = 0; k < D; k++)
    {
      for (j = 0; j < H; j++)
        {
          acc = 0.0;
          for (i = 0; i < N; i++)
            acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
          acc += 2.0 * reg * gsl_matrix_get (net->W1, k, j);
          gsl_matrix_set (g->dW1, k, j, acc);
        }
    }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
