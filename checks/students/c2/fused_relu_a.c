/* backward pass -- the relu is folded into the dp1 loop:
 *   dz1[i][j] = (z1[i][j] > 0) * sum_k dz2[i][k] W2[j][k]                */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i])) / N);

  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, j, k);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }
  for (size_t k = 0; k < C; k++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 0;
        for (size_t k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        gsl_matrix_set (g->dz1, i, j, (gsl_matrix_get (cache->z1, i, j) > 0) * s);
      }

  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, d, j);
        for (size_t i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, d, j, s);
      }
  for (size_t j = 0; j < H; j++)
    {
      double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
