/*
 * backward.c
 *
 * Gradients by the chain rule, written with explicit indices
 * (i: sample, j: hidden unit, c: class, k: input feature).
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *P = cache->prob, *A1 = cache->p1, *Z1 = cache->z1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, c, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dL/dz2[i][c] = (1/N) (P[i][c] - [c == y_i]) */
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, i, c,
                      (gsl_matrix_get (P, i, c) - (c == y[i])) / (double) N);

  /* z2[i][c] = sum_j A1[i][j] W2[j][c] + b2[c], so
   * dL/dW2[j][c] = sum_i dz2[i][c] A1[i][j] + 2 reg W2[j][c] */
  for (j = 0; j < H; j++)
    for (c = 0; c < C; c++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (W2, j, c);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (A1, i, c);
        gsl_matrix_set (g->dW2, j, c, acc);
      }

  /* dL/db2[c] = sum_i dz2[i][c] */
  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* dL/dA1[i][j] = sum_c dz2[i][c] W2[j][c] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (W2, j, c);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* dL/dz1[i][j] = dL/dA1[i][j] * H(z1[i][j]),  H the step function */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double step = gsl_matrix_get (Z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, step * gsl_matrix_get (g->dp1, i, j));
      }

  /* dL/dW1[k][j] = sum_i X[i][k] dz1[i][j] + 2 reg W1[k][j] */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (W1, k, j);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j, acc);
      }

  /* dL/db1[j] = sum_i dz1[i][j] */
  for (j = 0; j < H; j++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
