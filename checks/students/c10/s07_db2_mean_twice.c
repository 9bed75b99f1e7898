// twolayer backward  -- Sam Oduya, CS231-style assignment, part (c)
// notation from the lecture handout:
//   a0 = X, z1, a1 = relu(z1), z2, yhat = softmax(z2)
//   delta2 = dL/dz2, delta1 = dL/dz1
// I use double** everywhere; alloc2 / free2 at the top.

#include <stdlib.h>
#include "backprop.h"

static double **
alloc2 (int r, int c)
{
  double **m = malloc (r * sizeof *m);
  for (int i = 0; i < r; i++)
    m[i] = calloc (c, sizeof **m);
  return m;
}

static void
free2 (double **m, int r)
{
  for (int i = 0; i < r; i++)
    free (m[i]);
  free (m);
}

static double **
grab (const gsl_matrix *A)
{
  double **m = alloc2 ((int) A->size1, (int) A->size2);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      m[i][j] = gsl_matrix_get (A, i, j);
  return m;
}

static void
put (double **m, gsl_matrix *A)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, m[i][j]);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  double **a0 = grab (X);
  double **z1 = grab (cache->z1);
  double **a1 = grab (cache->p1);
  double **yhat = grab (cache->prob);
  double **W1 = grab (net->W1);
  double **W2 = grab (net->W2);

  double **delta2 = alloc2 (N, C);
  double **grad_W2 = alloc2 (H, C);
  double *grad_b2 = calloc (C, sizeof (double));
  double **grad_a1 = alloc2 (N, H);
  double **delta1 = alloc2 (N, H);
  double **grad_W1 = alloc2 (D, H);
  double *grad_b1 = calloc (H, sizeof (double));

  // delta2 = (yhat - onehot) / N
  for (int n = 0; n < N; n++)
    for (int c = 0; c < C; c++)
      delta2[n][c] = (yhat[n][c] - ((size_t) c == y[n] ? 1.0 : 0.0)) / N;

  // grad_W2 = a1^T delta2 + 2 reg W2
  for (int h = 0; h < H; h++)
    for (int c = 0; c < C; c++)
      {
        for (int n = 0; n < N; n++)
          grad_W2[h][c] += a1[n][h] * delta2[n][c];
        grad_W2[h][c] += 2 * reg * W2[h][c];
      }

  // grad_b2 = mean of delta2 over the batch
  for (int c = 0; c < C; c++)
    {
      double sum = 0;
      for (int n = 0; n < N; n++)
        sum += delta2[n][c];
      grad_b2[c] = sum / N;
    }

  // grad_a1 = delta2 W2^T
  for (int n = 0; n < N; n++)
    for (int h = 0; h < H; h++)
      for (int c = 0; c < C; c++)
        grad_a1[n][h] += delta2[n][c] * W2[h][c];

  // delta1 = grad_a1 * relu'(z1)
  for (int n = 0; n < N; n++)
    for (int h = 0; h < H; h++)
      delta1[n][h] = z1[n][h] > 0 ? grad_a1[n][h] : 0;

  // grad_W1 = a0^T delta1 + 2 reg W1
  for (int d = 0; d < D; d++)
    for (int h = 0; h < H; h++)
      {
        for (int n = 0; n < N; n++)
          grad_W1[d][h] += a0[n][d] * delta1[n][h];
        grad_W1[d][h] += 2 * reg * W1[d][h];
      }

  // grad_b1 = column sums of delta1
  for (int n = 0; n < N; n++)
    for (int h = 0; h < H; h++)
      grad_b1[h] += delta1[n][h];

  put (delta2, g->dz2);
  put (grad_W2, g->dW2);
  put (grad_a1, g->dp1);
  put (delta1, g->dz1);
  put (grad_W1, g->dW1);
  for (int c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, grad_b2[c]);
  for (int h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, grad_b1[h]);
  g->present = BP_GRADS_ALL;

  free2 (a0, N); free2 (z1, N); free2 (a1, N); free2 (yhat, N);
  free2 (W1, D); free2 (W2, H); free2 (delta2, N); free2 (grad_W2, H);
  free2 (grad_a1, N); free2 (delta1, N); free2 (grad_W1, D);
  free (grad_b2); free (grad_b1);
  return 0;
}
