/* backward.c  (hw3)
 * one-hot, relu mask: written as ?: so each gradient is one expression */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / (double) N);

  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc);
      }

  for (size_t k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (size_t k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* relu backward: pass the gradient where it is positive */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double up = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, up > 0.0 ? up : 0.0);
      }

  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, d, j);
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, acc);
      }

  for (size_t j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
