/* backward.c -- assignment 3, backward pass
 * (I'm a JS dev, so everything element-wise goes through map()/zip()
 *  with a function pointer, like arr.map(fn).  Works the same in C!) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef double (*unaryFn)(double);
typedef double (*binaryFn)(double, double);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* m[i][j] = fn(m[i][j]) */
static void map(gsl_matrix *m, unaryFn fn) {
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_matrix_set(m, i, j, fn(gsl_matrix_get(m, i, j)));
}

/* out[i][j] = fn(a[i][j], b[i][j]) -- out may be a */
static void zip(gsl_matrix *out, const gsl_matrix *a, const gsl_matrix *b, binaryFn fn) {
  for (size_t i = 0; i < out->size1; i++)
    for (size_t j = 0; j < out->size2; j++)
      gsl_matrix_set(out, i, j, fn(gsl_matrix_get(a, i, j), gsl_matrix_get(b, i, j)));
}

static double step(double x) { return x > 0 ? 1.0 : 0.0; }
static double mul(double a, double b) { return a * b; }

static void sumRows(const gsl_matrix *m, gsl_vector *out) {
  gsl_vector_set_zero(out);
  for (size_t i = 0; i < m->size1; i++)
    for (size_t j = 0; j < m->size2; j++)
      gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(m, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  // dscores
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // W2, b2   (dW2 starts as W2 so beta = 2*reg gives the reg term)
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  sumRows(g->dz2, g->db2);

  // hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu: dz1 = dp1 * step(z1)
  gsl_matrix *mask = gsl_matrix_alloc(N, net->H);
  if (!mask) return 1;
  gsl_matrix_memcpy(mask, cache->z1);
  map(mask, step);
  zip(g->dz1, g->dp1, mask, mul);
  gsl_matrix_free(mask);

  // W1, b1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  sumRows(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
