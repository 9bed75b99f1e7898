/* backward.c -- my backward pass.
   One helper per layer, all on double** copies of the GSL data. */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double **
grab (const gsl_matrix *m, int copy)
{
  double **a = malloc (m->size1 * sizeof (double *));
  for (size_t i = 0; i < m->size1; i++)
    {
      a[i] = calloc (m->size2, sizeof (double));
      for (size_t j = 0; copy && j < m->size2; j++)
        a[i][j] = gsl_matrix_get (m, i, j);
    }
  return a;
}

static void
release (double **a, size_t rows)
{
  for (size_t i = 0; i < rows; i++)
    free (a[i]);
  free (a);
}

/* out = A^T B + lambda * W  (A is n x r, B is n x c, W r x c) */
static void
weight_grad (double **A, double **B, double **W, double lambda,
             size_t n, size_t r, size_t c, double **out)
{
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < c; j++)
      {
        double s = 0;
        for (size_t k = 0; k < n; k++)
          s += A[k][i] * B[k][j];
        out[i][j] = s + lambda * W[i][j];
      }
}

static void
bias_grad (double **B, size_t n, size_t c, double *out)
{
  for (size_t j = 0; j < c; j++)
    {
      out[j] = 0;
      for (size_t k = 0; k < n; k++)
        out[j] += B[k][j];
    }
}

static void
put (double **a, gsl_matrix *m)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, a[i][j]);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double **x = grab (X, 1), **w1 = grab (net->W1, 1), **w2 = grab (net->W2, 1);
  double **z1 = grab (cache->z1, 1), **p1 = grab (cache->p1, 1);
  double **dz2 = grab (cache->prob, 1);
  double **dw2 = grab (g->dW2, 0), **dp1 = grab (g->dp1, 0);
  double **dz1 = grab (g->dz1, 0), **dw1 = grab (g->dW1, 0);
  double *db2 = malloc (C * sizeof (double)), *db1 = malloc (H * sizeof (double));

  for (size_t i = 0; i < N; i++)
    {
      dz2[i][y[i]] -= 1;
      for (size_t j = 0; j < C; j++)
        dz2[i][j] /= N;
    }

  weight_grad (p1, dz2, w2, reg, N, H, C, dw2);   /* d/dW2 of reg*W2^2 */
  bias_grad (dz2, N, C, db2);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        for (size_t k = 0; k < C; k++)
          dp1[i][j] += dz2[i][k] * w2[j][k];
        dz1[i][j] = z1[i][j] > 0 ? dp1[i][j] : 0;
      }

  weight_grad (x, dz1, w1, 2 * reg, N, D, H, dw1);
  bias_grad (dz1, N, H, db1);

  put (dz2, g->dz2);
  put (dw2, g->dW2);
  put (dp1, g->dp1);
  put (dz1, g->dz1);
  put (dw1, g->dW1);
  for (size_t j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, db2[j]);
  for (size_t j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);

  release (x, N); release (w1, D); release (w2, H); release (z1, N);
  release (p1, N); release (dz2, N); release (dw2, H); release (dp1, N);
  release (dz1, N); release (dw1, D);
  free (db2); free (db1);
  g->present = BP_GRADS_ALL;
  return 0;
}
