// hw2 - backprop by hand
// macros for the arrays:  NAME(row, col)
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define W2(h, c)    net->W2->data[(h) * net->W2->tda + (c)]
#define P1(n, h)    cache->p1->data[(n) * cache->p1->tda + (h)]
#define Z1(n, h)    cache->z1->data[(n) * cache->z1->tda + (h)]
#define PROB(n, c)  cache->prob->data[(n) * cache->prob->tda + (c)]
#define DZ2(n, c)   g->dz2->data[(n) * g->dz2->tda + (c)]
#define DW2(h, c)   g->dW2->data[(h) * g->dW2->tda + (c)]
#define DB2(c)      g->db2->data[(c) * g->db2->stride]
#define DP1(n, h)   g->dp1->data[(n) * g->dp1->tda + (h)]
#define DZ1(n, h)   g->dz1->data[(n) * g->dz1->tda + (h)]
#define DB1(h)      g->db1->data[(h) * g->db1->stride]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // dz2
  for (n = 0; n < N; n++) {
    for (c = 0; c < C; c++) {
      DZ2(n, c) = PROB(n, c);
      if (c == y[n]) DZ2(n, c) -= 1;
      DZ2(n, c) /= (double)N;
    }
  }

  // dW2 = p1^T . dz2 + 2*reg*W2
  for (h = 0; h < H; h++) {
    for (c = 0; c < C; c++) {
      double sum = 2 * reg * W2(h, c);
      for (n = 0; n < N; n++) sum += P1(n, h) * DZ2(n, c);
      DW2(h, c) = sum;
    }
  }

  // db2
  for (c = 0; c < C; c++) {
    double sum = 0;
    for (n = 0; n < N; n++) sum += DZ2(n, c);
    DB2(c) = sum;
  }

  // dp1 = dz2 . W2^T   (W2^T is C x H)
  for (n = 0; n < N; n++) {
    for (h = 0; h < H; h++) {
      double sum = 0;
      for (c = 0; c < C; c++) sum += DZ2(n, c) * W2(c, h);
      DP1(n, h) = sum;
    }
  }

  // dz1 = dp1 where z1 > 0
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      DZ1(n, h) = (Z1(n, h) > 0) ? DP1(n, h) : 0;

  // dW1 = X^T dz1 + 2 reg W1  -- blas, the macro version was the same
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  // db1
  for (h = 0; h < H; h++) {
    double sum = 0;
    for (n = 0; n < N; n++) sum += DZ1(n, h);
    DB1(h) = sum;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
