/* backward.c -- backprop for the two layer net (my version)
 *
 * helpers: new2 / del2 make and free double** arrays, in2 copies a gsl
 * matrix in, out2 copies one back, atb computes A^T B. */

#include <stdlib.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double **
new2 (size_t r, size_t c)
{
  double **a = malloc (r * sizeof (double *));
  size_t i;
  for (i = 0; i < r; i++)
    a[i] = calloc (c, sizeof (double));
  return a;
}

static void
del2 (double **a, size_t r)
{
  size_t i;
  for (i = 0; i < r; i++)
    free (a[i]);
  free (a);
}

static double **
in2 (const gsl_matrix *m)
{
  double **a = new2 (m->size1, m->size2);
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      a[i][j] = gsl_matrix_get (m, i, j);
  return a;
}

static void
out2 (double **a, gsl_matrix *m)
{
  size_t i, j;
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, a[i][j]);
}

/* C (p x q) = A^T B with A (n x p), B (n x q) */
static void
atb (double **A, double **B, size_t n, size_t p, size_t q, double **out)
{
  size_t i, j, k;
  for (i = 0; i < p; i++)
    for (j = 0; j < q; j++)
      {
        double s = 0.0;
        for (k = 0; k < n; k++)
          s += A[k][i] * B[k][j];
        out[i][j] = s;
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double **x = in2 (X), **W1 = in2 (net->W1), **W2 = in2 (net->W2);
  double **z1 = in2 (cache->z1), **p1 = in2 (cache->p1);
  double **dz2 = in2 (cache->prob);
  double **dW2 = new2 (H, C), **dp1 = new2 (N, H), **dz1 = new2 (N, H);
  double **dW1 = new2 (D, H);
  double **db = new2 (2, H > C ? H : C);   /* db[0] = db2, db[1] = db1 */

  for (i = 0; i < N; i++)
    {
      dz2[i][y[i]] -= 1.0;
      for (k = 0; k < C; k++)
        dz2[i][k] /= (double) N;
    }

  atb (p1, dz2, N, H, C, dW2);
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      dW2[j][k] += 2.0 * reg * W2[j][k];
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      db[0][k] += dz2[i][k];

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += dz2[i][k] * W2[j][k];
        dp1[i][j] = s;
        dz1[i][j] = z1[i][j] > 0.0 ? s : 0.0;
      }

  atb (x, dp1, N, D, H, dW1);
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      dW1[i][j] += 2.0 * reg * W1[i][j];
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      db[1][j] += dz1[i][j];

  out2 (dz2, g->dz2);
  out2 (dW2, g->dW2);
  out2 (dp1, g->dp1);
  out2 (dz1, g->dz1);
  out2 (dW1, g->dW1);
  for (k = 0; k < C; k++)
    gsl_vector_set (g->db2, k, db[0][k]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db[1][j]);

  del2 (x, N); del2 (W1, D); del2 (W2, H); del2 (z1, N); del2 (p1, N);
  del2 (dz2, N); del2 (dW2, H); del2 (dp1, N); del2 (dz1, N); del2 (dW1, D);
  del2 (db, 2);
  g->present = BP_GRADS_ALL;
  return 0;
}
