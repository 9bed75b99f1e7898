/* 作业三 backward
 * 先算数据损失部分的梯度, 最后统一加正则项 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (cache->N != N || g->N != N) {
    return 1;
  }

  // dz2 = (prob - Y) / N
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    double p = gsl_matrix_get(g->dz2, i, y[i]);
    gsl_matrix_set(g->dz2, i, y[i], p - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double) N);

  // dW2 = p1^T dz2
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++) {
        s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
      }
      gsl_matrix_set(g->dW2, j, k, s);
    }
  }

  // db2
  gsl_vector_set_zero(g->db2);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
    gsl_vector_add(g->db2, &row.vector);
  }

  // dp1 = dz2 W2^T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1 = dp1 * relu'(z1)
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double v = gsl_matrix_get(g->dp1, i, j);
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? v : 0.0);
    }
  }

  // dW1 = X^T dz1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1
  gsl_vector_set_zero(g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view row = gsl_matrix_const_row(g->dz1, i);
    gsl_vector_add(g->db1, &row.vector);
  }

  // 最后加上正则化: d(reg*|W|^2)/dW = 2*reg*W
  for (j = 0; j < H; j++) {
    for (k = 0; k < C; k++) {
      gsl_matrix_set(g->dW2, j, k, gsl_matrix_get(g->dW2, j, k) + 2 * reg * gsl_matrix_get(net->W2, j, k));
    }
  }
  for (i = 0; i < D; i++) {
    for (j = 0; j < H; j++) {
      gsl_matrix_set(g->dW1, i, j, gsl_matrix_get(g->dW1, i, j) + 2 * reg * gsl_matrix_get(net->W1, i, j));
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
