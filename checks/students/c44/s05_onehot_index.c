/* backward.c
 * Intro to Deep Learning - homework 4 (backprop)
 * Author: Priya S.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // derivative of softmax loss wrt scores
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < C; j++)
    {
      double d = gsl_matrix_get (cache->prob, i, j);
      if (j == y[j])
        d -= 1;
      gsl_matrix_set (g->dz2, i, j, d / N);
    }
  }

  // W2 gradient
  for (i = 0; i < H; i++)
  {
    for (j = 0; j < C; j++)
    {
      double sum = 0;
      for (c = 0; c < N; c++)
        sum += gsl_matrix_get (cache->p1, c, i) * gsl_matrix_get (g->dz2, c, j);
      gsl_matrix_set (g->dW2, i, j, sum + 2 * reg * gsl_matrix_get (net->W2, i, j));
    }
  }

  // b2 gradient
  for (j = 0; j < C; j++)
  {
    double sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz2, i, j);
    gsl_vector_set (g->db2, j, sum);
  }

  // hidden layer output gradient
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      double sum = 0;
      for (c = 0; c < C; c++)
        sum += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
      gsl_matrix_set (g->dp1, i, j, sum);
    }
  }

  // through the relu
  for (i = 0; i < N; i++)
  {
    for (j = 0; j < H; j++)
    {
      double z = gsl_matrix_get (cache->z1, i, j);
      gsl_matrix_set (g->dz1, i, j, z > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);
    }
  }

  // W1 gradient
  for (i = 0; i < D; i++)
  {
    for (j = 0; j < H; j++)
    {
      double sum = 0;
      for (c = 0; c < N; c++)
        sum += gsl_matrix_get (X, c, i) * gsl_matrix_get (g->dz1, c, j);
      gsl_matrix_set (g->dW1, i, j, sum + 2 * reg * gsl_matrix_get (net->W1, i, j));
    }
  }

  // b1 gradient
  for (j = 0; j < H; j++)
  {
    double sum = 0;
    for (i = 0; i < N; i++)
      sum += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
