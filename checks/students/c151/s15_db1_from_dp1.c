// backward: dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G(m, i, j) gsl_matrix_get((m), (i), (j))
#define S(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

typedef gsl_matrix mat;
typedef gsl_vector vec;

static inline void zero(vec *v) { gsl_vector_set_zero(v); }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;
  mat *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  vec *b2 = g->db2, *b1 = g->db1;

  // dz2 = (P - Y) / n ; db2 = column sum
  zero(b2);
  REP(i, n) REP(j, c) {
    double v = (G(cache->prob, i, j) - (j == y[i] ? 1 : 0)) / n;
    S(dz2, i, j, v); *gsl_vector_ptr(b2, j) += v;
  }

  // dW2 = p1' dz2 + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, dz2, 2 * reg, g->dW2);

  // dp1 = dz2 W2'
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, dz2, net->W2, 0, dp1);

  // dz1 = relu'(z1) dp1 ; db1 = column sum
  zero(b1);
  REP(i, n) REP(j, h) {
    double t = G(dp1, i, j);
    S(dz1, i, j, G(cache->z1, i, j) > 0 ? t : 0); *gsl_vector_ptr(b1, j) += t;
  }

  // dW1 = X' dz1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, dz1, 2 * reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
