// backward pass, two-layer net -- uses cblas for the three products,
// pointer loops for everything else.  lda/ldb/ldc are the tda's.

#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1;
  gsl_matrix *dz1 = g->dz1, *dW1 = g->dW1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const gsl_matrix *p1 = cache->p1, *z1 = cache->z1, *prob = cache->prob;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  // dz2 = (prob - Y)/N
  for (i = 0; i < N; i++) {
    const double *pr = prob->data + i * prob->tda;
    double *o = dz2->data + i * dz2->tda;
    for (j = 0; j < C; j++) *o++ = *pr++ / (double)N;
    dz2->data[i * dz2->tda + y[i]] -= 1.0 / (double)N;
  }

  // dW2 = 2 reg W2, then += p1' dz2
  for (i = 0; i < H; i++) {
    const double *w = W2->data + i * W2->tda;
    double *o = dW2->data + i * dW2->tda;
    for (j = 0; j < C; j++) *o++ = 2.0 * reg * *w++;
  }
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)H, (int)C, (int)N,
              1.0, p1->data, (int)p1->tda, dz2->data, (int)dz2->tda,
              1.0, dW2->data, (int)dW2->tda);

  // db2
  {
    double *b = g->db2->data;
    for (j = 0; j < C; j++) {
      const double *col = dz2->data + j;
      double s = 0.0;
      for (i = 0; i < N; i++, col += dz2->tda) s += *col;
      *b = s;
      b += g->db2->stride;
    }
  }

  // dp1 = dz2 W2'
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)N, (int)H, (int)C,
              1.0, dz2->data, (int)dz2->tda, W2->data, (int)W2->tda,
              0.0, dp1->data, (int)dp1->tda);

  // dz1: relu backward, mask from z1
  for (i = 0; i < N; i++) {
    const double *z = z1->data + i * z1->tda;
    const double *d = dp1->data + i * dp1->tda;
    double *o = dz1->data + i * dz1->tda;
    for (j = 0; j < H; j++, z++, d++) *o++ = (*z > 0) ? *d : 0.0;
  }

  // dW1 = 2 reg W1 + X' dz1
  for (i = 0; i < D; i++) {
    const double *w = W1->data + i * W1->tda;
    double *o = dW1->data + i * dW1->tda;
    for (j = 0; j < H; j++) *o++ = 2.0 * reg * *w++;
  }
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, (int)D, (int)H, (int)N,
              1.0, X->data, (int)X->tda, dz1->data, (int)dz1->tda,
              1.0, dW1->data, (int)dW1->tda);

  // db1
  {
    double *b = g->db1->data;
    for (j = 0; j < H; j++) {
      const double *col = dz1->data + j;
      double s = 0.0;
      for (i = 0; i < N; i++, col += dz1->tda) s += *col;
      *b = s;
      b += g->db1->stride;
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
