/* backward.c -- backward pass of the two-layer net (assignment 3)
 *
 * I copy everything into plain 2-D arrays first because the
 * gsl_matrix_get calls everywhere were unreadable.  All gradients are
 * computed with loops and copied into g at the end. */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double **
alloc2d (size_t rows, size_t cols)
{
  double **a = malloc (rows * sizeof *a);
  size_t i;
  for (i = 0; i < rows; i++)
    a[i] = calloc (cols, sizeof **a);
  return a;
}

static void
free2d (double **a, size_t rows)
{
  size_t i;
  for (i = 0; i < rows; i++)
    free (a[i]);
  free (a);
}

/* copy a gsl matrix into a new 2-D array */
static double **
from_gsl (const gsl_matrix *m)
{
  double **a = alloc2d (m->size1, m->size2);
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      a[i][j] = gsl_matrix_get (m, i, j);
  return a;
}

static void
to_gsl (double **a, gsl_matrix *m)
{
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, a[i][j]);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double **x = from_gsl (X);
  double **w1 = from_gsl (net->W1);
  double **w2 = from_gsl (net->W2);
  double **z1 = from_gsl (cache->z1);
  double **p1 = from_gsl (cache->p1);
  double **dz2 = from_gsl (cache->prob);   /* start from the probabilities */
  double **dw2 = alloc2d (H, C);
  double **dp1 = alloc2d (N, H);
  double **dz1 = alloc2d (N, H);
  double **dw1 = alloc2d (D, H);
  double *db2 = calloc (C, sizeof *db2);
  double *db1 = calloc (H, sizeof *db1);

  /* 1. dz2 = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    {
      dz2[i][y[i]] -= 1.0;
      for (k = 0; k < C; k++)
        dz2[i][k] /= (double) N;
    }

  /* 2. dW2 = p1^T dz2 + 2 reg W2,  3. db2 = column sums of dz2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += p1[i][j] * dz2[i][k];
        dw2[j][k] = s + 2.0 * reg * w2[j][k];
      }
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      db2[k] += dz2[i][k];

  /* 4. dp1 = dz2 W2^T,  5. dz1 = dp1 where z1 > 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        for (k = 0; k < C; k++)
          dp1[i][j] += dz2[i][k] * w2[j][k];
        dz1[i][j] = z1[i][j] > 0 ? dp1[i][j] : 0.0;
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1,  7. db1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += x[i][k] * dz1[i][j];
        dw1[k][j] = s + 2.0 * reg * w1[k][j];
      }
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      db1[j] += dz1[i][j];

  /* copy out */
  to_gsl (dz2, g->dz2);
  to_gsl (dw2, g->dW2);
  to_gsl (dp1, g->dp1);
  to_gsl (dz1, g->dz1);
  to_gsl (dw1, g->dW1);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, db2[k]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);

  free2d (x, N); free2d (w1, D); free2d (w2, H);
  free2d (z1, N); free2d (p1, N);
  free2d (dz2, N); free2d (dw2, H); free2d (dp1, N);
  free2d (dz1, N); free2d (dw1, D);
  free (db2); free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
