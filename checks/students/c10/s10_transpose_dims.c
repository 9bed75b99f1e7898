/* backward.c -- Lab 4 (backprop by hand)
 * Author: Elena Marchetti
 *
 * Small helpers first (same ones as in my forward pass from lab 3), then
 * the backward pass itself.  All buffers are malloc'd flat arrays,
 * row-major: M[r * cols + c].
 */

#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* C = A * B, A is n x k, B is k x m, C is n x m */
static void
matmul (const double *A, const double *B, double *C, int n, int k, int m)
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      {
        double acc = 0.0;
        for (int t = 0; t < k; t++)
          acc += A[i * k + t] * B[t * m + j];
        C[i * m + j] = acc;
      }
}

/* out (cols x rows) = in^T, in is rows x cols */
static void
transpose (const double *in, double *out, int rows, int cols)
{
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      out[j * rows + i] = in[i * cols + j];
}

/* dz = dp where z > 0, else 0 */
static void
relu_deriv (const double *dp, const double *z, double *dz, int n)
{
  for (int i = 0; i < n; i++)
    dz[i] = z[i] > 0.0 ? dp[i] : 0.0;
}

static double *
from_gsl (const gsl_matrix *m)
{
  double *a = malloc (m->size1 * m->size2 * sizeof (double));
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      a[i * m->size2 + j] = gsl_matrix_get (m, i, j);
  return a;
}

static void
to_gsl (const double *a, gsl_matrix *m)
{
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set (m, i, j, a[i * m->size2 + j]);
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

  double *x = from_gsl (X);
  double *z1 = from_gsl (cache->z1);
  double *a1 = from_gsl (cache->p1);
  double *w1 = from_gsl (net->W1);
  double *w2 = from_gsl (net->W2);
  double *delta2 = from_gsl (cache->prob);   /* becomes (p - y)/N in place */

  double *xT = malloc (D * N * sizeof (double));
  double *a1T = malloc (H * N * sizeof (double));
  double *w2T = malloc (C * H * sizeof (double));
  double *grad_W2 = malloc (H * C * sizeof (double));
  double *grad_a1 = malloc (N * H * sizeof (double));
  double *delta1 = malloc (N * H * sizeof (double));
  double *grad_W1 = malloc (D * H * sizeof (double));

  /* delta2 */
  for (int i = 0; i < N; i++)
    delta2[i * C + y[i]] -= 1.0;
  for (int i = 0; i < N * C; i++)
    delta2[i] /= N;

  /* grad_W2 = a1^T delta2 + 2 reg W2 */
  transpose (a1, a1T, N, H);
  matmul (a1T, delta2, grad_W2, H, N, C);
  for (int i = 0; i < H * C; i++)
    grad_W2[i] += 2.0 * reg * w2[i];

  /* grad_b2 = column sums of delta2 */
  for (int j = 0; j < C; j++)
    {
      double s = 0.0;
      for (int i = 0; i < N; i++)
        s += delta2[i * C + j];
      gsl_vector_set (g->db2, j, s);
    }

  /* grad_a1 = delta2 W2^T */
  transpose (w2, w2T, C, H);
  matmul (delta2, w2T, grad_a1, N, C, H);

  /* delta1 = grad_a1 * relu'(z1) */
  relu_deriv (grad_a1, z1, delta1, N * H);

  /* grad_W1 = x^T delta1 + 2 reg W1 */
  transpose (x, xT, N, D);
  matmul (xT, delta1, grad_W1, D, N, H);
  for (int i = 0; i < D * H; i++)
    grad_W1[i] += 2.0 * reg * w1[i];

  for (int j = 0; j < H; j++)
    {
      double s = 0.0;
      for (int i = 0; i < N; i++)
        s += delta1[i * H + j];
      gsl_vector_set (g->db1, j, s);
    }

  to_gsl (delta2, g->dz2);
  to_gsl (grad_W2, g->dW2);
  to_gsl (grad_a1, g->dp1);
  to_gsl (delta1, g->dz1);
  to_gsl (grad_W1, g->dW1);
  g->present = BP_GRADS_ALL;

  free (x); free (z1); free (a1); free (w1); free (w2); free (delta2);
  free (xT); free (a1T); free (w2T); free (grad_W2); free (grad_a1);
  free (delta1); free (grad_W1);
  return 0;
}
