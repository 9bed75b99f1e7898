/* backward.c
 * Nikolai Petrov -- "Intro to Deep Learning", programming exercise 2
 *
 * Own buffers, filled with memcpy from the gsl storage (gsl is row-major
 * and contiguous, so ->data is just a flat array) and memcpy'd back at the
 * end.  Softmax is recomputed from the scores (softmax_rows below) since
 * that is what we implemented in exercise 1.
 */

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void softmax_rows (double *S, size_t rows, size_t cols);
static void relu_deriv (const double *z, const double *up, double *out, size_t n);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double *x = malloc (N * D * sizeof (double));
  double *z1 = malloc (N * H * sizeof (double));
  double *a1 = malloc (N * H * sizeof (double));
  double *W1 = malloc (D * H * sizeof (double));
  double *W2 = malloc (H * C * sizeof (double));
  double *dz2 = malloc (N * C * sizeof (double));
  double *dW2 = calloc (H * C, sizeof (double));
  double *db2 = calloc (C, sizeof (double));
  double *dp1 = calloc (N * H, sizeof (double));
  double *dz1 = malloc (N * H * sizeof (double));
  double *dW1 = calloc (D * H, sizeof (double));
  double *db1 = calloc (H, sizeof (double));

  for (i = 0; i < N; i++)
    memcpy (x + i * D, gsl_matrix_const_ptr (X, i, 0), D * sizeof (double));
  memcpy (z1, cache->z1->data, N * H * sizeof (double));
  memcpy (a1, cache->p1->data, N * H * sizeof (double));
  memcpy (dz2, cache->z2->data, N * C * sizeof (double));
  memcpy (W1, net->W1->data, D * H * sizeof (double));
  memcpy (W2, net->W2->data, H * C * sizeof (double));

  /* dz2 = (softmax(z2) - onehot) / N */
  softmax_rows (dz2, N, C);
  for (i = 0; i < N; i++)
    dz2[i * C + y[i]] -= 1.0;
  for (i = 0; i < N * C; i++)
    dz2[i] /= N;

  /* dW2 = a1^T dz2 + 2 reg W2,  db2 = sum of rows of dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++)
        dW2[j * C + k] += a1[i * H + j] * dz2[i * C + k];
  for (j = 0; j < H * C; j++)
    dW2[j] += 2.0 * reg * W2[j];
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      db2[k] += dz2[i * C + k];

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      for (k = 0; k < C; k++)
        dp1[i * H + j] += dz2[i * C + k] * W2[j * C + k];

  /* dz1 = dp1 * relu'(z1) */
  relu_deriv (z1, dp1, dz1, N * H);

  /* dW1 = x^T dz1 + 2 reg W1,  db1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < D; j++)
      for (k = 0; k < H; k++)
        dW1[j * H + k] += x[i * D + j] * dz1[i * H + k];
  for (j = 0; j < D * H; j++)
    dW1[j] += 2.0 * reg * W1[j];
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      db1[k] += dz1[i * H + k];

  /* copy back */
  memcpy (g->dz2->data, dz2, N * C * sizeof (double));
  memcpy (g->dW2->data, dW2, H * C * sizeof (double));
  memcpy (g->db2->data, db2, C * sizeof (double));
  memcpy (g->dp1->data, dp1, N * H * sizeof (double));
  memcpy (g->dz1->data, dz1, N * H);
  memcpy (g->dW1->data, dW1, D * H * sizeof (double));
  memcpy (g->db1->data, db1, H * sizeof (double));
  g->present = BP_GRADS_ALL;

  free (x); free (z1); free (a1); free (W1); free (W2);
  free (dz2); free (dW2); free (db2); free (dp1); free (dz1); free (dW1);
  free (db1);
  return 0;
}

/* each row -> exp(row - max) / sum */
static void
softmax_rows (double *S, size_t rows, size_t cols)
{
  for (size_t r = 0; r < rows; r++)
    {
      double *row = S + r * cols, m = row[0], sum = 0.0;
      for (size_t c = 1; c < cols; c++)
        if (row[c] > m)
          m = row[c];
      for (size_t c = 0; c < cols; c++)
        {
          row[c] = exp (row[c] - m);
          sum += row[c];
        }
      for (size_t c = 0; c < cols; c++)
        row[c] /= sum;
    }
}

static void
relu_deriv (const double *z, const double *up, double *out, size_t n)
{
  for (size_t i = 0; i < n; i++)
    out[i] = z[i] > 0.0 ? up[i] : 0.0;
}
