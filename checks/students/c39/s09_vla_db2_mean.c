/*
 * backward.c
 *
 * I find GSL's get/set hard to read, so I copy what I need into plain C
 * arrays (C99 VLAs, sizes are tiny), do the math with [i][j] like on
 * paper, and copy the seven results into g at the end.
 *
 * Verified dz2 and dW2 against my pen-and-paper 2x2 example.
 */

#include <stdio.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int i, j, k;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  /* inputs */
  double x[N][D], z1[N][H], p1[N][H], prob[N][C], W1[D][H], W2[H][C];
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < D; j++) x[i][j] = gsl_matrix_get (X, i, j);
      for (j = 0; j < H; j++) z1[i][j] = gsl_matrix_get (cache->z1, i, j);
      for (j = 0; j < H; j++) p1[i][j] = gsl_matrix_get (cache->p1, i, j);
      for (j = 0; j < C; j++) prob[i][j] = gsl_matrix_get (cache->prob, i, j);
    }
  for (i = 0; i < D; i++) for (j = 0; j < H; j++) W1[i][j] = gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) W2[i][j] = gsl_matrix_get (net->W2, i, j);

  /* outputs */
  double dz2[N][C], dW2[H][C], db2[C], dp1[N][H], dz1[N][H], dW1[D][H], db1[H];

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      dz2[i][k] = (prob[i][k] - (k == (int) y[i] ? 1.0 : 0.0)) / N;

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        dW2[j][k] = 2 * reg * W2[j][k];
        for (i = 0; i < N; i++)
          dW2[j][k] += p1[i][j] * dz2[i][k];
      }

  /* db2 */
  for (k = 0; k < C; k++)
    {
      db2[k] = 0;
      for (i = 0; i < N; i++)
        db2[k] += dz2[i][k];
      db2[k] /= N;                       /* average over the batch */
    }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        dp1[i][j] = 0;
        for (k = 0; k < C; k++)
          dp1[i][j] += dz2[i][k] * W2[j][k];
      }

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      dz1[i][j] = z1[i][j] > 0 ? dp1[i][j] : 0;

  /* dW1 */
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      {
        dW1[j][k] = 2 * reg * W1[j][k];
        for (i = 0; i < N; i++)
          dW1[j][k] += x[i][j] * dz1[i][k];
      }

  /* db1 */
  for (k = 0; k < H; k++)
    {
      db1[k] = 0;
      for (i = 0; i < N; i++)
        db1[k] += dz1[i][k];
    }

  /* copy out */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, dz2[i][k]);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dW2, j, k, dW2[j][k]);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, db2[k]);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        gsl_matrix_set (g->dp1, i, j, dp1[i][j]);
        gsl_matrix_set (g->dz1, i, j, dz1[i][j]);
      }
  for (j = 0; j < D; j++)
    for (k = 0; k < H; k++)
      gsl_matrix_set (g->dW1, j, k, dW1[j][k]);
  for (k = 0; k < H; k++)
    gsl_vector_set (g->db1, k, db1[k]);

  /* for (k = 0; k < C; k++) printf ("db2[%d] = %g\n", k, db2[k]); */

  g->present = BP_GRADS_ALL;
  return 0;
}
