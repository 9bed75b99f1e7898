/* hw3: backward pass of the two-layer net
 *   scores = hidden W2 + b2,  hidden = relu(X W1 + b1)
 * names follow the lecture notes: dscores, dhidden, dhidden_pre
 */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A B, A is (m, k), B is (k, n) */
static void
matmul (const double *A, const double *B, double *C, int m, int k, int n)
{
  int i, j, l;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      {
        double s = 0.0;
        for (l = 0; l < k; l++)
          s += A[i * k + l] * B[l * n + j];
        C[i * n + j] = s;
      }
}

/* AT = A^T, A is (rows, cols) */
static void
transpose (const double *A, double *AT, int rows, int cols)
{
  int i, j;
  for (i = 0; i < rows; i++)
    for (j = 0; j < cols; j++)
      AT[j * rows + i] = A[i * cols + j];
}

/* sum over the rows: out has cols entries */
static void
colsum (const double *A, double *out, int rows, int cols)
{
  int i, j;
  memset (out, 0, sizeof (double) * cols);
  for (i = 0; i < rows; i++)
    for (j = 0; j < cols; j++)
      out[j] += A[i * cols + j];
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = X->size1, D = net->D, H = net->H, C = net->C, i;
  double *dscores = g->dz2->data;
  double *dhidden = g->dp1->data;
  double *dhidden_pre = g->dz1->data;
  double *hiddenT = malloc (sizeof (double) * H * N);
  double *W2T = malloc (sizeof (double) * C * H);
  double *XT = malloc (sizeof (double) * D * N);

  /* dscores */
  memcpy (dscores, cache->prob->data, sizeof (double) * N * C);
  for (i = 0; i < N; i++)
    dscores[i * C + y[i]] -= 1.0;
  for (i = 0; i < N * C; i++)
    dscores[i] /= N;

  /* W2, b2 */
  transpose (cache->p1->data, hiddenT, N, H);
  matmul (hiddenT, dscores, g->dW2->data, H, N, C);
  for (i = 0; i < H * C; i++)
    g->dW2->data[i] += 2 * reg * net->W2->data[i];
  colsum (dscores, g->db2->data, N, C);

  /* dhidden */
  transpose (net->W2->data, W2T, H, C);
  matmul (dscores, W2T, dhidden, N, C, H);

  /* through the relu */
  for (i = 0; i < N * H; i++)
    dhidden_pre[i] = cache->z1->data[i] > 0 ? dhidden[i] : 0.0;

  /* W1, b1 */
  transpose (X->data, XT, N, D);
  matmul (XT, dhidden_pre, g->dW1->data, D, N, H);
  for (i = 0; i < D * H; i++)
    g->dW1->data[i] += 2 * reg * net->W1->data[i];
  colsum (dhidden, g->db1->data, N, H);

  free (hiddenT);
  free (W2T);
  free (XT);
  g->present = BP_GRADS_ALL;
  return 0;
}
