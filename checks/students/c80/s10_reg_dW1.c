// Julia M. -- ML2 Assignment 3
// backward pass, row pointers into ->data for speed

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  // dz2 = (probs - onehot) / N
  for (size_t n = 0; n < N; n++) {
    double *dz = gsl_matrix_ptr(g->dz2, n, 0);
    const double *pr = gsl_matrix_const_ptr(cache->prob, n, 0);
    for (size_t c = 0; c < C; c++) dz[c] = pr[c] / N;
    dz[y[n]] -= 1.0 / N;
  }

  // dW2, db2
  for (size_t h = 0; h < H; h++) {
    double *dw = gsl_matrix_ptr(g->dW2, h, 0);
    const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
    for (size_t c = 0; c < C; c++) {
      double s = 0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
      dw[c] = s + 2 * reg * w[c];
    }
  }
  for (size_t c = 0; c < C; c++) {
    double s = 0;
    for (size_t n = 0; n < N; n++) s += gsl_matrix_get(g->dz2, n, c);
    gsl_vector_set(g->db2, c, s);
  }

  // dp1 and dz1 in one go
  for (size_t n = 0; n < N; n++) {
    const double *dz = gsl_matrix_const_ptr(g->dz2, n, 0);
    const double *z1 = gsl_matrix_const_ptr(cache->z1, n, 0);
    double *dp = gsl_matrix_ptr(g->dp1, n, 0);
    double *dh = gsl_matrix_ptr(g->dz1, n, 0);
    for (size_t h = 0; h < H; h++) {
      const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
      double s = 0;
      for (size_t c = 0; c < C; c++) s += dz[c] * w[c];
      dp[h] = s;
      dh[h] = z1[h] > 0 ? s : 0;
    }
  }

  // dW1, db1
  for (size_t d = 0; d < D; d++) {
    double *dw = gsl_matrix_ptr(g->dW1, d, 0);
    const double *w = gsl_matrix_const_ptr(net->W1, d, 0);
    for (size_t h = 0; h < H; h++) {
      double s = 0;
      for (size_t n = 0; n < N; n++)
        s += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
      dw[h] = s + reg * w[h];
    }
  }
  for (size_t h = 0; h < H; h++) {
    double s = 0;
    for (size_t n = 0; n < N; n++) s += gsl_matrix_get(g->dz1, n, h);
    gsl_vector_set(g->db1, h, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
