// backward.c   (HW3, ML in C, sec. 3)
// Ethan Brooks
// TODO: switch the loops to dgemm if there is time

#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

// zero a matrix before accumulating into it (learned that the hard way)
static void
zeros (gsl_matrix *A)
{
  gsl_matrix_set_zero (A);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double inv_N = 1.0 / (double) N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // dz2
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double t = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          t = t - 1.0;
        gsl_matrix_set (g->dz2, i, c, t * inv_N);
      }

  // dW2, accumulate sample by sample (outer products)
  zeros (g->dW2);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      for (size_t c = 0; c < C; c++)
        gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                        + gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c));
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2 * reg * gsl_matrix_get (net->W2, h, c));

  // db2
  for (size_t c = 0; c < C; c++)
    {
      double acc = 0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  // dp1
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0;
        for (size_t c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, acc);
      }

  // dz1
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  // dW1 = mean over the batch of x_i^T dz1_i, plus the reg
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0;
        for (size_t i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, acc * inv_N + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  // db1
  for (size_t h = 0; h < H; h++)
    {
      double acc = 0;
      for (size_t i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
