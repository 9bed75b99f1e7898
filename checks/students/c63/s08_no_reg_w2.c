/* backward.c: gradients of the 2-layer net.
 * forward_again() recomputes every forward quantity with BLAS; each one is
 * compared with the cache (a warning is printed if they differ) and then
 * my own copies are used. */
#include <stdio.h>
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void same_as_cache(const char *what, const gsl_matrix *a,
                          const gsl_matrix *b) {
  gsl_matrix *d = gsl_matrix_alloc(a->size1, a->size2);
  double lo, hi;
  gsl_matrix_memcpy(d, a);
  gsl_matrix_sub(d, b);
  gsl_matrix_minmax(d, &lo, &hi);
  if (fabs(lo) > 1e-10 || fabs(hi) > 1e-10)
    fprintf(stderr, "warning: my %s != cache %s (%g .. %g)\n", what, what, lo, hi);
  gsl_matrix_free(d);
}

static void forward_again(const bp_net *net, const gsl_matrix *X,
                          gsl_matrix *z1, gsl_matrix *p1, gsl_matrix *prob) {
  size_t i, j;
  gsl_matrix_const_view b1row = gsl_matrix_const_view_vector(net->b1, 1, net->H);
  gsl_matrix_const_view b2row = gsl_matrix_const_view_vector(net->b2, 1, net->C);
  gsl_vector *ones = gsl_vector_alloc(X->size1);
  gsl_matrix_view onecol;

  gsl_vector_set_all(ones, 1.0);
  onecol = gsl_matrix_view_vector(ones, X->size1, 1);

  /* z1 = X W1 + 1 b1^T */
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &onecol.matrix, &b1row.matrix, 0.0, z1);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 1.0, z1);

  gsl_matrix_memcpy(p1, z1);
  for (i = 0; i < p1->size1; i++)
    for (j = 0; j < p1->size2; j++)
      if (gsl_matrix_get(p1, i, j) < 0)
        gsl_matrix_set(p1, i, j, 0.0);

  /* scores = p1 W2 + 1 b2^T, then softmax row by row */
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &onecol.matrix, &b2row.matrix, 0.0, prob);
  gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, p1, net->W2, 1.0, prob);
  for (i = 0; i < prob->size1; i++) {
    gsl_vector_view r = gsl_matrix_row(prob, i);
    double m = gsl_vector_max(&r.vector), s = 0.0;
    for (j = 0; j < prob->size2; j++) {
      double e = exp(gsl_vector_get(&r.vector, j) - m);
      gsl_vector_set(&r.vector, j, e);
      s += e;
    }
    gsl_vector_scale(&r.vector, 1.0 / s);
  }
  gsl_vector_free(ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  gsl_matrix *z1 = gsl_matrix_alloc(N, H);
  gsl_matrix *p1 = gsl_matrix_alloc(N, H);
  gsl_matrix *prob = gsl_matrix_alloc(N, C);
  gsl_vector *ones = gsl_vector_alloc(N);

  forward_again(net, X, z1, p1, prob);
  same_as_cache("z1", z1, cache->z1);
  same_as_cache("p1", p1, cache->p1);
  same_as_cache("prob", prob, cache->prob);

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, p1, g->dz2, 0.0, g->dW2);
  gsl_vector_set_all(ones, 1.0);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j,
                     gsl_matrix_get(z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

  /* dW1 (with the L2 term), db1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free(z1);
  gsl_matrix_free(p1);
  gsl_matrix_free(prob);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
