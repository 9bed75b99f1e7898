/* backward.c
 *
 * Homework 3: backpropagation for the 2-layer net, in C.
 * Name: Rafael Souza
 *
 * My own little matrix struct (Mat) with get/set macros, everything
 * computed there and copied back to g element by element at the end.
 */

#include <stdlib.h>
#include "backprop/grads.h"

typedef struct
{
  size_t rows;
  size_t cols;
  double *v;
} Mat;

#define MGET(M, r, c)     ((M).v[(r) * (M).cols + (c)])
#define MSET(M, r, c, x)  ((M).v[(r) * (M).cols + (c)] = (x))

static Mat
mat_new (size_t rows, size_t cols)
{
  Mat m = { rows, cols, calloc (rows * cols, sizeof (double)) };
  return m;
}

static void
mat_free (Mat m)
{
  free (m.v);
}

static Mat
mat_from_gsl (const gsl_matrix *A)
{
  Mat m = mat_new (A->size1, A->size2);
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < A->size2; c++)
      MSET (m, r, c, gsl_matrix_get (A, r, c));
  return m;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  const double inv_N = 1 / N;       /* the loss is a mean over the batch */
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  Mat x = mat_from_gsl (X);
  Mat z1 = mat_from_gsl (cache->z1);
  Mat p1 = mat_from_gsl (cache->p1);
  Mat prob = mat_from_gsl (cache->prob);
  Mat W1 = mat_from_gsl (net->W1);
  Mat W2 = mat_from_gsl (net->W2);

  Mat dz2 = mat_new (N, C);
  Mat dW2 = mat_new (H, C);
  Mat db2 = mat_new (1, C);
  Mat dp1 = mat_new (N, H);
  Mat dz1 = mat_new (N, H);
  Mat dW1 = mat_new (D, H);
  Mat db1 = mat_new (1, H);

  /* dz2 = (prob - Y) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double yij = (j == y[i]) ? 1.0 : 0.0;
        MSET (dz2, i, j, (MGET (prob, i, j) - yij) * inv_N);
      }

  /* dW2 = p1^T dz2 + 2 reg W2,   db2 = sum_i dz2 */
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += MGET (p1, i, k) * MGET (dz2, i, j);
        MSET (dW2, k, j, s + 2.0 * reg * MGET (W2, k, j));
      }
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += MGET (dz2, i, j);
      MSET (db2, 0, j, s);
    }

  /* dp1 = dz2 W2^T,  dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double s = 0.0;
        for (j = 0; j < C; j++)
          s += MGET (dz2, i, j) * MGET (W2, k, j);
        MSET (dp1, i, k, s);
        MSET (dz1, i, k, MGET (z1, i, k) > 0.0 ? s : 0.0);
      }

  /* dW1 = X^T dz1 + 2 reg W1,   db1 = sum_i dz1 */
  for (size_t d = 0; d < D; d++)
    for (k = 0; k < H; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += MGET (x, i, d) * MGET (dz1, i, k);
        MSET (dW1, d, k, s + 2.0 * reg * MGET (W1, d, k));
      }
  for (k = 0; k < H; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += MGET (dz1, i, k);
      MSET (db1, 0, k, s);
    }

  /* copy back */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        gsl_matrix_set (g->dz2, i, j, MGET (dz2, i, j));
      for (k = 0; k < H; k++)
        {
          gsl_matrix_set (g->dp1, i, k, MGET (dp1, i, k));
          gsl_matrix_set (g->dz1, i, k, MGET (dz1, i, k));
        }
    }
  for (k = 0; k < H; k++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dW2, k, j, MGET (dW2, k, j));
  for (size_t d = 0; d < D; d++)
    for (k = 0; k < H; k++)
      gsl_matrix_set (g->dW1, d, k, MGET (dW1, d, k));
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, MGET (db2, 0, j));
  for (k = 0; k < H; k++)
    gsl_vector_set (g->db1, k, MGET (db1, 0, k));

  mat_free (x); mat_free (z1); mat_free (p1); mat_free (prob);
  mat_free (W1); mat_free (W2);
  mat_free (dz2); mat_free (dW2); mat_free (db2); mat_free (dp1);
  mat_free (dz1); mat_free (dW1); mat_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
