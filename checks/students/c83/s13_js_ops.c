/*
 * backward.c -- night school assignment 3
 * I do frontend JS all day, so: an "ops" table of function pointers and an
 * apply(m, fn) that maps in place.  Keeps the backward pass short.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

typedef double (*elemFn)(double);

static double relu(double x) { return x > 0.0 ? x : 0.0; }
static double reluPrime(double x) { return x > 0.0 ? 1.0 : 0.0; }

static const struct {
  elemFn relu;
  elemFn reluPrime;
} ops = { relu, reluPrime };

/* m = fn(m), in place */
static void apply(gsl_matrix *m, elemFn fn) {
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set(m, i, j, fn(gsl_matrix_get(m, i, j)));
}

static void colSum(const gsl_matrix *m, gsl_vector *out) {
  for (size_t j = 0; j < m->size2; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(m, j);
    double s = 0;
    for (size_t i = 0; i < col.vector.size; i++) s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(out, j, s);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dz2 = (probs - 1{y}) / N */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++) *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / (double)N);

  /* dW2 = p1^T dz2 + 2 reg W2 ; db2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  colSum(g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* relu'(z1) -- build the derivative in dz1, then multiply */
  gsl_matrix_memcpy(g->dz1, cache->z1);
  apply(g->dz1, ops.relu);
  gsl_matrix_mul_elements(g->dz1, g->dp1);

  /* dW1 = X^T dz1 + 2 reg W1 ; db1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  colSum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
