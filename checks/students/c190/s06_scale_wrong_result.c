/* Backward pass, two layer net.
 *
 *   dz2 = softmax - onehot        (the 1/N is taken care of below)
 *   dW2 = p1^T dz2 + 2 reg W2,  db2 = sum over the batch of dz2
 *   dp1 = dz2 W2^T,  dz1 = dp1 where z1 > 0
 *   dW1 = X^T dz1 + 2 reg W1,   db1 = sum over the batch of dz1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *matmul_tn(const gsl_matrix *A, const gsl_matrix *B) {
  gsl_matrix *out = gsl_matrix_alloc(A->size2, B->size2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, out);
  return out;
}

static gsl_matrix *matmul_nt(const gsl_matrix *A, const gsl_matrix *B) {
  gsl_matrix *out = gsl_matrix_alloc(A->size1, B->size1);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, out);
  return out;
}

static void add_scaled(gsl_matrix *A, const gsl_matrix *B, double alpha) {
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set(A, i, j, gsl_matrix_get(A, i, j) + alpha * gsl_matrix_get(B, i, j));
}

static gsl_vector *colsum(const gsl_matrix *A) {
  gsl_vector *s = gsl_vector_calloc(A->size2);
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double t = 0.0;
    for (i = 0; i < A->size1; i++)
      t += gsl_matrix_get(A, i, j);
    gsl_vector_set(s, j, t);
  }
  return s;
}

static gsl_matrix *relu_backward(const gsl_matrix *dout, const gsl_matrix *z) {
  gsl_matrix *dx = gsl_matrix_alloc(dout->size1, dout->size2);
  size_t i, j;
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      gsl_matrix_set(dx, i, j, gsl_matrix_get(z, i, j) > 0.0 ? gsl_matrix_get(dout, i, j) : 0.0);
  return dx;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, i;

  gsl_matrix *dz2 = gsl_matrix_alloc(N, net->C);
  gsl_matrix_memcpy(dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);

  gsl_matrix *dW2 = matmul_tn(cache->p1, dz2);
  gsl_matrix_scale(dW2, 1.0 / N);            /* average over the batch */
  add_scaled(dW2, net->W2, 2.0 * reg);
  gsl_vector *db2 = colsum(dz2);

  gsl_matrix *dp1 = matmul_nt(dz2, net->W2);
  gsl_matrix *dz1 = relu_backward(dp1, cache->z1);

  gsl_matrix *dW1 = matmul_tn(X, dz1);
  add_scaled(dW1, net->W1, 2.0 * reg);
  gsl_vector *db1 = colsum(dz1);

  gsl_matrix_memcpy(g->dz2, dz2);
  gsl_matrix_memcpy(g->dW2, dW2);
  gsl_vector_memcpy(g->db2, db2);
  gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, dW1);
  gsl_vector_memcpy(g->db1, db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free(dz2);
  gsl_matrix_free(dW2);
  gsl_vector_free(db2);
  gsl_matrix_free(dp1);
  gsl_matrix_free(dz1);
  gsl_matrix_free(dW1);
  gsl_vector_free(db1);
  return 0;
}
