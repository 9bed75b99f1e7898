/* hw3 -- backward pass.  Small helpers on raw arrays, backward() just
 * chains them.  (matrices from gsl are contiguous so ->data is enough) */
#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A B,  A m*k,  B k*n */
static void matmul (const double *A, const double *B, double *C, int m, int k, int n) {
  int i, j, l;
  double s;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      s = 0;
      for (l = 0; l < k; l++) s += A[i*k+l] * B[l*n+j];
      C[i*n+j] = s;
    }
}

/* B = A^T,  A m*n */
static void transpose (const double *A, double *B, int m, int n) {
  int i, j;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) B[j*m+i] = A[i*n+j];
}

static void colsum (const double *A, double *s, int m, int n) {
  int i, j;
  for (j = 0; j < n; j++) s[j] = 0;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) s[j] += A[i*n+j];
}

/* relu backward, in place: zero the gradient where the input was <= 0 */
static void relu_back (double *d, const double *z, int len) {
  int i;
  for (i = 0; i < len; i++)
    if (z[i] <= 0) d[i] = 0;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g) {
  int N = X->size1, D = net->D, H = net->H, C = net->C, i;
  double *t;

  /* dz2 */
  memcpy (g->dz2->data, cache->prob->data, sizeof (double) * N * C);
  for (i = 0; i < N; i++) g->dz2->data[i*C + y[i]] -= 1;
  for (i = 0; i < N*C; i++) g->dz2->data[i] /= N;

  /* dW2, db2 */
  t = malloc (sizeof (double) * H * N);
  transpose (cache->p1->data, t, N, H);
  matmul (t, g->dz2->data, g->dW2->data, H, N, C);
  free (t);
  for (i = 0; i < H*C; i++) g->dW2->data[i] += 2 * reg * net->W2->data[i];
  colsum (g->dz2->data, g->db2->data, N, C);

  /* dp1 */
  t = malloc (sizeof (double) * C * H);
  transpose (net->W2->data, t, H, C);
  matmul (g->dz2->data, t, g->dp1->data, N, C, H);
  free (t);

  /* dz1: mask dp1 and keep it */
  relu_back (g->dp1->data, cache->z1->data, N*H);
  memcpy (g->dz1->data, g->dp1->data, sizeof (double) * N * H);

  /* dW1, db1 */
  t = malloc (sizeof (double) * D * N);
  transpose (X->data, t, N, D);
  matmul (t, g->dz1->data, g->dW1->data, D, N, H);
  free (t);
  for (i = 0; i < D*H; i++) g->dW1->data[i] += 2 * reg * net->W1->data[i];
  colsum (g->dz1->data, g->db1->data, N, H);

  g->present = BP_GRADS_ALL;
  return 0;
}
