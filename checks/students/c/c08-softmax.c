/* backward.c -- softmax done by hand from the scores (cache->z2), since
 * that's the part we derived in class. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  /* dL/dz2 = softmax(z2) - onehot(y) */
  for (size_t i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (cache->z2, i, 0);
      for (size_t c = 1; c < C; c++)
        if (gsl_matrix_get (cache->z2, i, c) > mx)
          mx = gsl_matrix_get (cache->z2, i, c);
      double Z = 0.0;
      for (size_t c = 0; c < C; c++)
        Z += exp (gsl_matrix_get (cache->z2, i, c) - mx);
      for (size_t c = 0; c < C; c++)
        {
          double sm = exp (gsl_matrix_get (cache->z2, i, c) - mx) / Z;
          gsl_matrix_set (g->dz2, i, c, sm - (c == y[i] ? 1.0 : 0.0));
        }
    }

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, h, c);
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, h, c, acc);
      }

  for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, acc);
        gsl_matrix_set (g->dz1, i, h,
                        gsl_matrix_get (cache->z1, i, h) > 0.0 ? acc : 0.0);
      }

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }

  for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
