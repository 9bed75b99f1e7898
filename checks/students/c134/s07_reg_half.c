// backward.c -- gradients of the 2-layer net by hand
// row pointers from gsl_matrix_ptr / gsl_matrix_const_ptr, stepped by tda
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || g->N != N) return 1;

  // dz2
  for (size_t i = 0; i < N; i++) {
    const double *pr = gsl_matrix_const_ptr(cache->prob, i, 0);
    double *dz = gsl_matrix_ptr(g->dz2, i, 0);
    for (size_t c = 0; c < C; c++) dz[c] = pr[c];
    dz[y[i]] -= 1.0;
    for (size_t c = 0; c < C; c++) dz[c] /= (double) N;
  }

  // dW2 = h^T dz2 + reg term, db2 = sum over batch
  for (size_t h = 0; h < H; h++) {
    double *dw = gsl_matrix_ptr(g->dW2, h, 0);
    const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
    for (size_t c = 0; c < C; c++) dw[c] = reg * w[c];
  }
  gsl_vector_set_zero(g->db2);
  for (size_t i = 0; i < N; i++) {
    const double *hid = gsl_matrix_const_ptr(cache->p1, i, 0);
    const double *dz = gsl_matrix_const_ptr(g->dz2, i, 0);
    for (size_t h = 0; h < H; h++) {
      double *dw = gsl_matrix_ptr(g->dW2, h, 0);
      for (size_t c = 0; c < C; c++) dw[c] += hid[h] * dz[c];
    }
    for (size_t c = 0; c < C; c++) *gsl_vector_ptr(g->db2, c) += dz[c];
  }

  // dp1 = dz2 W2^T
  for (size_t i = 0; i < N; i++) {
    const double *dz = gsl_matrix_const_ptr(g->dz2, i, 0);
    double *dh = gsl_matrix_ptr(g->dp1, i, 0);
    for (size_t h = 0; h < H; h++) {
      const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
      double s = 0;
      for (size_t c = 0; c < C; c++) s += dz[c] * w[c];
      dh[h] = s;
    }
  }

  // relu
  for (size_t i = 0; i < N; i++) {
    const double *z = gsl_matrix_const_ptr(cache->z1, i, 0);
    const double *dh = gsl_matrix_const_ptr(g->dp1, i, 0);
    double *dz = gsl_matrix_ptr(g->dz1, i, 0);
    for (size_t h = 0; h < H; h++) dz[h] = (z[h] > 0) * dh[h];
  }

  // dW1 = X^T dz1 + 2 reg W1, db1
  for (size_t d = 0; d < D; d++) {
    double *dw = gsl_matrix_ptr(g->dW1, d, 0);
    const double *w = gsl_matrix_const_ptr(net->W1, d, 0);
    for (size_t h = 0; h < H; h++) dw[h] = 2 * reg * w[h];
  }
  gsl_vector_set_zero(g->db1);
  for (size_t i = 0; i < N; i++) {
    const double *x = gsl_matrix_const_ptr(X, i, 0);
    const double *dz = gsl_matrix_const_ptr(g->dz1, i, 0);
    for (size_t d = 0; d < D; d++) {
      double *dw = gsl_matrix_ptr(g->dW1, d, 0);
      for (size_t h = 0; h < H; h++) dw[h] += x[d] * dz[h];
    }
    for (size_t h = 0; h < H; h++) *gsl_vector_ptr(g->db1, h) += dz[h];
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
