/* backward.c: each layer's backward step is a helper, working on plain
 * arrays that are copied in and out of the GSL matrices. */
#include <stdlib.h>
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double *
to_array (const gsl_matrix *M)
{
  double *a = malloc (M->size1 * M->size2 * sizeof *a);
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      a[i * M->size2 + j] = gsl_matrix_get (M, i, j);
  return a;
}

static void
from_array (gsl_matrix *M, const double *a)
{
  for (size_t i = 0; i < M->size1; i++)
    for (size_t j = 0; j < M->size2; j++)
      gsl_matrix_set (M, i, j, a[i * M->size2 + j]);
}

/* dW (K x M) = A^T (n x K) dZ (n x M) + 2 reg W */
static void
weight_grad (const double *A, const double *dZ, const double *W, double reg,
             size_t n, size_t K, size_t M, double *dW)
{
  for (size_t k = 0; k < K; k++)
    for (size_t m = 0; m < M; m++)
      {
        double s = 2 * reg * W[k * M + m];
        for (size_t i = 0; i < n; i++)
          s += A[i * K + k] * dZ[i * M + m];
        dW[k * M + m] = s;
      }
}

/* db (M) = sum over the n rows of dZ */
static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  for (size_t m = 0; m < dZ->size2; m++)
    {
      double s = 0;
      for (size_t i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, m);
      gsl_vector_set (db, m, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double *x = to_array (X), *p1 = to_array (cache->p1), *z1 = to_array (cache->z1);
  double *W1 = to_array (net->W1), *W2 = to_array (net->W2);
  double *dz2 = to_array (cache->prob);
  double *dp1 = calloc (N * H, sizeof *dp1), *dz1 = calloc (N * H, sizeof *dz1);
  double *dW1 = malloc (D * H * sizeof *dW1), *dW2 = malloc (H * C * sizeof *dW2);

  for (size_t i = 0; i < N; i++)
    {
      dz2[i * C + y[i]] -= 1;
      for (size_t c = 0; c < C; c++)
        dz2[i * C + c] /= N;
    }
  from_array (g->dz2, dz2);

  weight_grad (p1, dz2, W2, reg, N, H, C, dW2);
  from_array (g->dW2, dW2);
  bias_grad (g->dz2, g->db2);

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      for (size_t c = 0; c < C; c++)
        dp1[i * H + h] += dz2[i * C + c] * W2[h * C + c];
  from_array (g->dp1, dp1);

  for (size_t i = 0; i < N * H; i++)
    dz1[i] = z1[i] > 0 ? dp1[i] : 0;
  from_array (g->dz1, dz1);

  weight_grad (x, dz1, W1, reg, N, D, H, dW1);
  from_array (g->dW1, dW1);
  bias_grad (g->dp1, g->db1);

  free (x); free (p1); free (z1); free (W1); free (W2);
  free (dz2); free (dp1); free (dz1); free (dW1); free (dW2);
  g->present = BP_GRADS_ALL;
  return 0;
}
