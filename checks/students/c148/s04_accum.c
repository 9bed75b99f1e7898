/*
 * backward.c  (CS assignment 3, part 2)
 *
 * matmul_add accumulates: C += A*B.  That way the reg term can be put
 * into dW first and the product added on top of it, no extra loop.
 * Anything that is not pre-filled must be zeroed before matmul_add!
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

#define AT(a, i, j, ld)  ((a)[(i) * (ld) + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C += A B ; A is m by k, B is k by n, C is m by n */
static void
matmul_add (const double *A, const double *B, double *C, int m, int k, int n)
{
  int i, j, p;
  for (i = 0; i < m; i++)
    for (p = 0; p < k; p++)
      for (j = 0; j < n; j++)
        AT (C, i, j, n) += AT (A, i, p, k) * AT (B, p, j, n);
}

/* T = A', A is m by n */
static double *
transposed (const double *A, int m, int n)
{
  double *T = malloc (sizeof (double) * m * n);
  int i, j;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      AT (T, j, i, m) = AT (A, i, j, n);
  return T;
}

static void
colsum (const double *A, double *s, int m, int n)
{
  int i, j;
  for (j = 0; j < n; j++)
    s[j] = 0.0;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      s[j] += AT (A, i, j, n);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C;
  int i, k;
  double *T;

  /* scores */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2->data, i, k, C) = (AT (cache->prob->data, i, k, C)
                                    - ((size_t) k == y[i])) / N;

  /* dW2 = 2 reg W2, then += p1' dz2 */
  for (i = 0; i < H * C; i++)
    g->dW2->data[i] = 2 * reg * net->W2->data[i];
  T = transposed (cache->p1->data, N, H);
  matmul_add (T, g->dz2->data, g->dW2->data, H, N, C);
  free (T);
  colsum (g->dz2->data, g->db2->data, N, C);

  /* dp1 = dz2 W2' (starts from zero) */
  memset (g->dp1->data, 0, sizeof (double) * N * H);
  T = transposed (net->W2->data, H, C);
  matmul_add (g->dz2->data, T, g->dp1->data, N, C, H);
  free (T);

  for (i = 0; i < N * H; i++)
    g->dz1->data[i] = cache->z1->data[i] > 0.0 ? g->dp1->data[i] : 0.0;

  /* same trick for W1 */
  for (i = 0; i < D * H; i++)
    g->dW1->data[i] = 2 * reg * net->W1->data[i];
  T = transposed (X->data, N, D);
  matmul_add (T, g->dz1->data, g->dW1->data, D, N, H);
  free (T);
  colsum (g->dz1->data, g->db1->data, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
