#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

/* Backward pass for HW3.
   dZ2 -> (dW2, db2, dP1) -> dZ1 -> (dW1, db1)
   I keep my own copies (dZ2, dP1, dZ1) and copy them into g at the end. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j;

  gsl_matrix *dZ2 = gsl_matrix_alloc(N, C);
  gsl_matrix *dP1 = gsl_matrix_alloc(N, H);
  gsl_matrix *dZ1 = gsl_matrix_alloc(N, H);
  gsl_matrix *W2t = gsl_matrix_alloc(C, H);
  gsl_matrix *P1t = gsl_matrix_alloc(H, N);
  gsl_matrix *Xt = gsl_matrix_alloc(D, N);
  gsl_matrix *regW = gsl_matrix_alloc(D, H);

  /* dZ2 = (softmax - Y) / N */
  gsl_matrix_memcpy(dZ2, cache->prob);
  for (i = 0; i < N; i++) {
    gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1.0);
  }
  gsl_matrix_scale(dZ2, 1.0 / N);

  /* dW2 = P1^T dZ2 (+ reg) */
  gsl_matrix_transpose_memcpy(P1t, cache->p1);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, P1t, dZ2, 0.0, g->dW2);

  /* db2 */
  for (j = 0; j < C; j++) {
    double acc = 0.0;
    for (i = 0; i < N; i++) {
      acc += gsl_matrix_get(dZ2, i, j);
    }
    gsl_vector_set(g->db2, j, acc);
  }

  /* dP1 = dZ2 W2^T */
  gsl_matrix_transpose_memcpy(W2t, net->W2);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, dZ2, W2t, 0.0, dP1);

  /* dZ1 = dP1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      double v = gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(dP1, i, j) : 0.0;
      gsl_matrix_set(dZ1, i, j, v);
    }
  }

  /* dW1 = X^T dZ1 + 2 reg W1 */
  gsl_matrix_transpose_memcpy(Xt, X);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, Xt, dZ1, 0.0, g->dW1);
  gsl_matrix_memcpy(regW, net->W1);
  gsl_matrix_scale(regW, 2.0 * reg);
  gsl_matrix_add(g->dW1, regW);

  /* db1 */
  gsl_vector_set_zero(g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(dZ1, i);
    gsl_vector_add(g->db1, &r.vector);
  }

  gsl_matrix_memcpy(g->dz2, dZ2);
  gsl_matrix_memcpy(g->dp1, dP1);
  gsl_matrix_memcpy(g->dz1, dZ1);

  gsl_matrix_free(dZ2);
  gsl_matrix_free(dP1);
  gsl_matrix_free(dZ1);
  gsl_matrix_free(W2t);
  gsl_matrix_free(P1t);
  gsl_matrix_free(Xt);
  gsl_matrix_free(regW);

  g->present = BP_GRADS_ALL;
  return 0;
}
