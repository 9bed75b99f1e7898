/*
 * backward.c  --  Assignment 2 (neural nets), Q3
 * Priya S.
 *
 * Uses C99 variable length arrays so the shapes are right there in the
 * declarations.  dW = sum over samples of outer products (that is how the
 * prof wrote it on the board: dW = sum_i a_i delta_i^T).
 */

#include <string.h>
#include "backprop/grads.h"

/* C[n][m] = A[n][k] * B[k][m] */
static void
matmul (size_t n, size_t k, size_t m, const double A[n][k],
        const double B[k][m], double Cout[n][m])
{
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      {
        double s = 0.0;
        for (size_t t = 0; t < k; t++)
          s += A[i][t] * B[t][j];
        Cout[i][j] = s;
      }
}

/* T[c][r] = M[r][c] */
static void
transpose (size_t r, size_t c, const double M[r][c], double T[c][r])
{
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < c; j++)
      T[j][i] = M[i][j];
}

/* W[p][q] += a[p] * b[q] */
static void
outer_add (size_t p, size_t q, double W[p][q], const double *a, const double *b)
{
  for (size_t i = 0; i < p; i++)
    for (size_t j = 0; j < q; j++)
      W[i][j] += a[i] * b[j];
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double x[N][D], z1[N][H], a1[N][H], prob[N][C];
  double W1[D][H], W2[H][C], W2T[C][H];
  double delta2[N][C], delta1[N][H], da1[N][H];
  double dW2[H][C], dW1[D][H], db2[C], db1[H];

  for (size_t i = 0; i < N; i++)
    {
      for (size_t j = 0; j < D; j++) x[i][j] = gsl_matrix_get (X, i, j);
      for (size_t j = 0; j < H; j++) z1[i][j] = gsl_matrix_get (cache->z1, i, j);
      for (size_t j = 0; j < H; j++) a1[i][j] = gsl_matrix_get (cache->p1, i, j);
      for (size_t j = 0; j < C; j++) prob[i][j] = gsl_matrix_get (cache->prob, i, j);
    }
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++) W1[i][j] = gsl_matrix_get (net->W1, i, j);
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++) W2[i][j] = gsl_matrix_get (net->W2, i, j);

  /* delta2 = (prob - Y) / N */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      delta2[i][j] = (prob[i][j] - (j == y[i] ? 1.0 : 0.0)) / N;

  /* dW2 = sum_i a1_i delta2_i^T, starting from the reg term */
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++)
      dW2[i][j] = 2.0 * reg * W2[i][j];
  for (size_t i = 0; i < N; i++)
    outer_add (H, C, dW2, a1[i], delta2[i]);

  memset (db2, 0, sizeof db2);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < C; j++)
      db2[j] += delta2[i][j];

  /* da1 = delta2 W2^T */
  transpose (H, C, W2, W2T);
  matmul (N, C, H, delta2, W2T, da1);

  /* relu */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      delta1[i][j] = z1[i][j] > 0 ? da1[i][j] : 0.0;

  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++)
      dW1[i][j] = 2.0 * reg * W1[i][j];
  for (size_t i = 0; i < N; i++)
    outer_add (D, H, dW1, x[i], delta1[i]);

  memset (db1, 0, sizeof db1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      db1[j] += delta1[i][j];

  /* write back */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t j = 0; j < C; j++) gsl_matrix_set (g->dz2, i, j, delta2[i][j]);
      for (size_t j = 0; j < H; j++) gsl_matrix_set (g->dp1, i, j, da1[i][j]);
      for (size_t j = 0; j < H; j++) gsl_matrix_set (g->dz1, i, j, delta1[i][j]);
    }
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++) gsl_matrix_set (g->dW2, i, j, dW2[i][j]);
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++) gsl_matrix_set (g->dW1, i, j, dW1[i][j]);
  for (size_t j = 0; j < C; j++) gsl_vector_set (g->db2, j, db2[j]);
  for (size_t j = 0; j < H; j++) gsl_vector_set (g->db1, j, db1[j]);

  g->present = BP_GRADS_ALL;
  return 0;
}
