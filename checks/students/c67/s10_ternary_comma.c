/* backward.c  -- short and to the point */
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
  double s, t, iN = 1.0 / N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, (gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1 : 0)) * iN);

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        for (i = 0, s = 2 * reg * gsl_matrix_get (net->W2, j, k); i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  for (k = 0; k < C; k++)
    {
      for (i = 0, s = 0; i < N; s += gsl_matrix_get (g->dz2, i, k), i++)
        ;
      gsl_vector_set (g->db2, k, s);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        for (k = 0, s = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
        /* relu: pass the gradient only where the unit was on */
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 0.0 : s);
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        for (i = 0, s = 2 * reg * gsl_matrix_get (net->W1, k, j); i < N; i++)
          s += (t = gsl_matrix_get (X, i, k)) != 0 ? t * gsl_matrix_get (g->dz1, i, j) : 0;
        gsl_matrix_set (g->dW1, k, j, s);
      }

  for (j = 0; j < H; j++)
    {
      for (i = 0, s = 0; i < N; s += gsl_matrix_get (g->dz1, i++, j))
        ;
      gsl_vector_set (g->db1, j, s);
    }

  return g->present = BP_GRADS_ALL, 0;
}
