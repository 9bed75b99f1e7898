/*
 * backward.c  -- two layer network, backward
 * all loops, blas kept giving me "matrix size mismatch" so I gave up on it
 */
#include "backprop.h"
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j, k;
  double tmp, res;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++) {
      tmp = gsl_matrix_get (cache->prob, i, j);
      if (j == y[i]) tmp = tmp - 1.0;
      gsl_matrix_set (g->dz2, i, j, tmp / (double) N);
    }

  /* dW2 += p1[i]^T dz2[i] for every sample */
  gsl_matrix_set_zero (g->dW1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      for (k = 0; k < net->C; k++) {
        tmp = gsl_matrix_get (g->dW2, j, k);
        tmp += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, tmp);
      }
  for (j = 0; j < net->H; j++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (g->dW2, j, k) + 2 * reg * gsl_matrix_get (net->W2, j, k));

  /* db2 */
  for (k = 0; k < net->C; k++) {
    res = 0;
    for (i = 0; i < N; i++)
      res += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, res);
  }

  /* dp1 = dz2 * W2^T  (7x3 * 3x10) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++) {
      res = 0;
      for (k = 0; k < net->C; k++)
        res += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
      gsl_matrix_set (g->dp1, i, j, res);
    }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < net->D; k++)
    for (j = 0; j < net->H; j++) {
      res = 0;
      for (i = 0; i < N; i++)
        res += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
      //printf ("%zu %zu %f\n", k, j, res);
      gsl_matrix_set (g->dW1, k, j, res + 2 * reg * gsl_matrix_get (net->W1, k, j));
    }

  /* db1 */
  for (j = 0; j < net->H; j++) {
    res = 0;
    for (i = 0; i < N; i++)
      res += gsl_matrix_get (g->dz1, i, j);
    gsl_vector_set (g->db1, j, res);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
