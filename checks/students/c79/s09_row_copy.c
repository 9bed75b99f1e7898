/* backward.c -- Sofia M.
 * numpy -> C.  I keep the numpy names in the comments so I can follow.
 */
#include <stdlib.h>
#include "backprop/grads.h"

double **alloc2d(size_t n, size_t m) {
  double **a = malloc(n * sizeof(double *));
  for (size_t i = 0; i < n; i++) a[i] = calloc(m, sizeof(double));
  return a;
}

void free2d(double **a, size_t n) {
  for (size_t i = 0; i < n; i++) free(a[i]);
  free(a);
}

double **to_2d(const gsl_matrix *m) {
  double **a = alloc2d(m->size1, m->size2);
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++) a[i][j] = gsl_matrix_get(m, i, j);
  return a;
}

void from_2d(gsl_matrix *m, double **a) {
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++) gsl_matrix_set(m, i, j, a[i][j]);
}

/* A.T @ B  with A (n, m), B (n, k) */
double **matmul_tn(double **A, size_t n, size_t m, double **B, size_t k) {
  double **out = alloc2d(m, k);
  for (size_t s = 0; s < n; s++)
    for (size_t i = 0; i < m; i++)
      for (size_t j = 0; j < k; j++) out[i][j] += A[s][i] * B[s][j];
  return out;
}

/* A @ B.T  with A (n, k), B (m, k) */
double **matmul_nt(double **A, size_t n, size_t k, double **B, size_t m) {
  double **out = alloc2d(n, m);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < m; j++)
      for (size_t p = 0; p < k; p++) out[i][j] += A[i][p] * B[j][p];
  return out;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double **x = to_2d(X), **z1 = to_2d(cache->z1), **p1 = to_2d(cache->p1);
  double **W1 = to_2d(net->W1), **W2 = to_2d(net->W2);

  // dscores = probs.copy(); dscores[range(N), y] -= 1; dscores /= N
  double **dscores = to_2d(cache->prob);
  for (size_t i = 0; i < N; i++) {
    dscores[i][y[i]] -= 1;
    for (size_t j = 0; j < C; j++) dscores[i][j] /= N;
  }

  // dW2 = p1.T.dot(dscores) + 2*reg*W2
  double **dW2 = matmul_tn(p1, N, H, dscores, C);
  for (size_t i = 0; i < H; i++)
    for (size_t j = 0; j < C; j++) dW2[i][j] += 2 * reg * W2[i][j];

  // db2 = dscores.sum(axis=0)
  for (size_t j = 0; j < C; j++) {
    double s = 0;
    for (size_t i = 0; i < N; i++) s += dscores[i][j];
    gsl_vector_set(g->db2, j, s);
  }

  // dhidden = dscores.dot(W2.T)
  double **dhidden = matmul_nt(dscores, N, C, W2, H);

  // dz1 = dhidden.copy(); dz1[z1 <= 0] = 0
  double **dz1 = malloc(N * sizeof(double *));
  for (size_t i = 0; i < N; i++) dz1[i] = dhidden[i];   /* copy each row */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      if (z1[i][j] <= 0) dz1[i][j] = 0;

  // dW1 = X.T.dot(dz1) + 2*reg*W1 ; db1 = dz1.sum(axis=0)
  double **dW1 = matmul_tn(x, N, D, dz1, H);
  for (size_t i = 0; i < D; i++)
    for (size_t j = 0; j < H; j++) dW1[i][j] += 2 * reg * W1[i][j];
  for (size_t j = 0; j < H; j++) {
    double s = 0;
    for (size_t i = 0; i < N; i++) s += dz1[i][j];
    gsl_vector_set(g->db1, j, s);
  }

  from_2d(g->dz2, dscores);
  from_2d(g->dW2, dW2);
  from_2d(g->dp1, dhidden);
  from_2d(g->dz1, dz1);
  from_2d(g->dW1, dW1);

  free2d(x, N); free2d(z1, N); free2d(p1, N); free2d(W1, D); free2d(W2, H);
  free2d(dscores, N); free2d(dW2, H); free2d(dhidden, N); free2d(dW1, D);
  free(dz1);  /* free2d(dz1, N) gave "double free detected"?? the table is enough */

  g->present = BP_GRADS_ALL;
  return 0;
}
