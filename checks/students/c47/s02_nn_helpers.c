/*
 * Assignment 2 - backward pass of the two layer network
 *
 * I split the maths into small nn_ functions on plain double arrays so I
 * could test them on their own first (tip from the course forum: "test
 * your matmul on a 2x3 example before you trust it").  Every function
 * gets the row stride ("ld", like in BLAS) so GSL views also work.
 */

#include <string.h>
#include "backprop.h"

#define MAXH 512   /* biggest hidden layer I support */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out (a x b) = A^T B  with A (n x a), B (n x b) */
static void nn_matmul_tn(const double *A, int lda, const double *B, int ldb,
                         double *out, int ldo, int n, int a, int b) {
  int r, c, k;
  for (r = 0; r < a; r++) {
    for (c = 0; c < b; c++) {
      double acc = 0;
      for (k = 0; k < n; k++)
        acc += A[k * lda + r] * B[k * ldb + c];
      out[r * ldo + c] = acc;
    }
  }
}

/* out += 2 reg w, both rows x cols */
static void nn_add_l2(double *out, int ldo, const double *w, int ldw,
                      int rows, int cols, double reg) {
  int r, c;
  for (r = 0; r < rows; r++)
    for (c = 0; c < cols; c++)
      out[r * ldo + c] += 2 * reg * w[r * ldw + c];
}

/* out[c] = sum over rows of M[r][c] */
static void nn_colsum(const double *M, int ldm, int rows, int cols,
                      double *out) {
  int r, c;
  for (c = 0; c < cols; c++) out[c] = 0;
  for (r = 0; r < rows; r++)
    for (c = 0; c < cols; c++)
      out[c] += M[r * ldm + c];
}

/* out = M v, M is rows x cols */
static void nn_matvec(const double *M, int ldm, int rows, int cols,
                      const double *v, double *out) {
  int r, c;
  for (r = 0; r < rows; r++) {
    double s = 0;
    for (c = 0; c < cols; c++)
      s += M[r * ldm + c] * v[c];
    out[r] = s;
  }
}

/* relu backward on one row */
static void nn_relu_back(const double *dp, const double *z, double *dz,
                         int n) {
  int k;
  for (k = 0; k < n; k++)
    dz[k] = z[k] > 0 ? dp[k] : 0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  int N = (int) X->size1, D = (int) X->size2;
  int H = (int) net->H, C = (int) net->C;
  int i, j;
  double row[MAXH];

  if (H > MAXH) return 1;
  if ((size_t) N != cache->N || g->N != (size_t) N) return 1;

  /* 1. scores gradient, one sample at a time */
  for (i = 0; i < N; i++) {
    const double *p = cache->prob->data + i * cache->prob->tda;
    double *d = g->dz2->data + i * g->dz2->tda;
    for (j = 0; j < C; j++)
      d[j] = p[j];
    d[y[i]] -= 1;
    for (j = 0; j < C; j++)
      d[j] /= N;
  }

  /* 2./3. second layer */
  nn_matmul_tn(cache->p1->data, (int) cache->p1->tda,
               g->dz2->data, (int) g->dz2->tda,
               g->dW2->data, (int) g->dW2->tda, N, H, C);
  nn_add_l2(g->dW2->data, (int) g->dW2->tda, net->W2->data,
            (int) net->W2->tda, H, C, reg);
  nn_colsum(g->dz2->data, (int) g->dz2->tda, N, C, g->db2->data);

  /* 4./5. back through W2 and the relu, row by row */
  for (i = 0; i < N; i++) {
    nn_matvec(net->W2->data, (int) net->W2->tda, H, C,
              g->dz2->data + i * g->dz2->tda, row);
    memcpy(g->dp1->data + i * g->dp1->tda, row, H * sizeof(double));
    nn_relu_back(row, cache->z1->data + i * cache->z1->tda,
                 g->dz1->data + i * g->dz1->tda, H);
  }

  /* 6./7. first layer */
  nn_matmul_tn(X->data, (int) X->tda, g->dz1->data, (int) g->dz1->tda,
               g->dW1->data, (int) g->dW1->tda, N, D, H);
  nn_add_l2(g->dW1->data, (int) g->dW1->tda, net->W1->data,
            (int) net->W1->tda, D, H, reg);
  nn_colsum(g->dz1->data, (int) g->dz1->tda, N, H, g->db1->data);

  g->present = BP_GRADS_ALL;
  return 0;
}
