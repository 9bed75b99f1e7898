// backward. fused loops where possible: db2 inside the dz2 loop, dz1 inside dp1 loop
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G(m, i, j) gsl_matrix_get(m, i, j)
#define S(m, i, j, x) gsl_matrix_set(m, i, j, x)
#define V(v, j) (*gsl_vector_ptr(v, j))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || g->N != n || X->size2 != net->D) return 1;

  gsl_vector_set_zero(g->db2);
  gsl_vector_set_zero(g->db1);

  // dz2 and db2 in one go
  REP(i, n) REP(j, c) {
    double v = G(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0);
    S(g->dz2, i, j, v / n); V(g->db2, j) += v;
  }

  // dW2 = p1' dz2 + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // dp1 and dz1 and db1
  REP(i, n) REP(k, h) {
    double s = 0;
    REP(j, c) s += G(g->dz2, i, j) * G(net->W2, k, j);
    S(g->dp1, i, k, s);
    double t = G(cache->z1, i, k) > 0 ? s : 0;
    S(g->dz1, i, k, t); V(g->db1, k) += t;
  }

  // dW1 = X' dz1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
