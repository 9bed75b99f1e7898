/*
 * Two-layer net: backward pass (homework 5)
 * Jamal Carter
 *
 * plan:
 *   1) copy the numbers I need out of gsl into my own arrays
 *   2) do the textbook backprop with for loops
 *   3) copy the gradients back into g
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

static double *copy_out (const gsl_matrix *M);
static void copy_in (gsl_matrix *M, const double *src);
static void relu_deriv (const double *z, double *deriv, int n);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1;
  int D = net->D, H = net->H, C = net->C;
  int n, i, j;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  /* step 1 */
  double *Xin = copy_out (X);
  double *Z1 = copy_out (cache->z1);
  double *A1 = copy_out (cache->p1);
  double *Yhat = copy_out (cache->prob);
  double *W1 = copy_out (net->W1);
  double *W2 = copy_out (net->W2);

  double *dZ2 = calloc (N * C, sizeof (double));
  double *dW2 = calloc (H * C, sizeof (double));
  double *db2 = calloc (C, sizeof (double));
  double *dA1 = calloc (N * H, sizeof (double));
  double *mask = calloc (N * H, sizeof (double));
  double *dZ1 = calloc (N * H, sizeof (double));
  double *dW1 = calloc (D * H, sizeof (double));
  double *db1 = calloc (H, sizeof (double));

  /* step 2 */
  /* dZ2 = (Yhat - Y)/N */
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      {
        double t = ((size_t) j == y[n]) ? 1.0 : 0.0;
        dZ2[n * C + j] = (Yhat[n * C + j] - t) / N;
      }

  /* dW2 = A1^T dZ2 + 2 reg W2 ; db2 = sum_n dZ2 */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        dW2[i * C + j] += A1[n * H + i] * dZ2[n * C + j];
  for (i = 0; i < H * C; i++)
    dW2[i] += 2 * reg * W2[i];
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      db2[j] += dZ2[n * C + j];

  /* dA1 = dZ2 W2^T */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      for (j = 0; j < C; j++)
        dA1[n * H + i] += dZ2[n * C + j] * W2[i * C + j];

  /* dZ1 = dA1 .* relu'(Z1) */
  relu_deriv (dA1, mask, N * H);
  for (i = 0; i < N * H; i++)
    dZ1[i] = dA1[i] * mask[i];

  /* dW1 = X^T dZ1 + 2 reg W1 ; db1 = sum_n dZ1 */
  for (n = 0; n < N; n++)
    for (i = 0; i < D; i++)
      for (j = 0; j < H; j++)
        dW1[i * H + j] += Xin[n * D + i] * dZ1[n * H + j];
  for (i = 0; i < D * H; i++)
    dW1[i] += 2 * reg * W1[i];
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      db1[j] += dZ1[n * H + j];

  /* step 3 */
  copy_in (g->dz2, dZ2);
  copy_in (g->dW2, dW2);
  copy_in (g->dp1, dA1);
  copy_in (g->dz1, dZ1);
  copy_in (g->dW1, dW1);
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, db2[j]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, db1[j]);
  g->present = BP_GRADS_ALL;

  free (Xin); free (Z1); free (A1); free (Yhat); free (W1); free (W2);
  free (dZ2); free (dW2); free (db2); free (dA1); free (mask); free (dZ1);
  free (dW1); free (db1);
  return 0;
}

static double *
copy_out (const gsl_matrix *M)
{
  double *a = malloc (M->size1 * M->size2 * sizeof (double));
  for (size_t r = 0; r < M->size1; r++)
    for (size_t c = 0; c < M->size2; c++)
      a[r * M->size2 + c] = gsl_matrix_get (M, r, c);
  return a;
}

static void
copy_in (gsl_matrix *M, const double *src)
{
  for (size_t r = 0; r < M->size1; r++)
    for (size_t c = 0; c < M->size2; c++)
      gsl_matrix_set (M, r, c, src[r * M->size2 + c]);
}

/* relu'(z) = 1 if z > 0 else 0 */
static void
relu_deriv (const double *z, double *deriv, int n)
{
  for (int k = 0; k < n; k++)
    deriv[k] = z[k] > 0 ? 1.0 : 0.0;
}
