// backward, blas everywhere
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define TN CblasTrans, CblasNoTrans
#define NT CblasNoTrans, CblasTrans

static inline void colsum(const gsl_matrix *a, gsl_vector *v) {
  gsl_vector_set_zero(v);
  REP(i, a->size1) {
    gsl_vector_const_view r = gsl_matrix_const_row(a, i);
    gsl_vector_add(v, &r.vector);
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1;
  if (n != cache->N || g->N != n || X->size2 != net->D) return 1;
  double r2 = 2 * reg;

  // dz2 = (prob - onehot) / n
  gsl_matrix_memcpy(g->dz2, cache->prob);
  REP(i, n) gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  gsl_matrix_scale(g->dz2, 1.0 / n);

  // dW2 = p1' dz2 + r2 W2, db2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(TN, 1.0, cache->p1, g->dz2, r2, g->dW2);
  colsum(g->dz2, g->db2);

  // dp1 = dz2 W2'
  gsl_blas_dgemm(NT, 1.0, g->dz2, net->W2, 1.0, g->dp1);

  // dz1 = dp1 where z1 > 0
  gsl_matrix_memcpy(g->dz1, g->dp1);
  REP(i, n) REP(j, net->H)
    if (gsl_matrix_get(cache->z1, i, j) <= 0) gsl_matrix_set(g->dz1, i, j, 0);

  // dW1 = X' dz1 + r2 W1, db1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(TN, 1.0, X, g->dz1, r2, g->dW1);
  colsum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
