/*
 * backward.c
 * Wei Chen, NNfS (spring) -- homework 3
 *
 * Steps follow the numbered comments of the skeleton.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 (N, C) */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t k = 0; k < net->C; k++)
        gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
      /* the correct class gets -1 (divided by N as well) */
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);
    }

  /* 2. dW2 (H, C) */
  for (size_t j = 0; j < net->H; j++)
    for (size_t k = 0; k < net->C; k++)
      {
        double sum = 0.0;
        for (size_t i = 0; i < N; i++)
          sum += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, sum + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 (C) */
  for (size_t k = 0; k < net->C; k++)
    {
      double sum = 0.0;
      for (size_t i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, sum);
    }

  /* 4. dp1 (N, H) */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double sum = 0.0;
        for (size_t k = 0; k < net->C; k++)
          sum += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, sum);
      }

  /* 5. dz1 (N, H): the ReLU only lets the gradient through where it is on */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        int on = gsl_matrix_get (g->dp1, i, j) > 0.0;
        gsl_matrix_set (g->dz1, i, j, on ? d : 0.0);
      }

  /* 6. dW1 (D, H) */
  for (size_t m = 0; m < net->D; m++)
    for (size_t j = 0; j < net->H; j++)
      {
        double sum = 0.0;
        for (size_t i = 0; i < N; i++)
          sum += gsl_matrix_get (X, i, m) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, m, j, sum + 2.0 * reg * gsl_matrix_get (net->W1, m, j));
      }

  /* 7. db1 (H) */
  for (size_t j = 0; j < net->H; j++)
    {
      double sum = 0.0;
      for (size_t i = 0; i < N; i++)
        sum += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
