/* backward pass for TwoLayerNet
 * loops + small helpers. */
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)

static inline double at(const gsl_matrix *m, size_t i, size_t j) { return gsl_matrix_get(m, i, j); }
static inline void put(gsl_matrix *m, size_t i, size_t j, double v) { gsl_matrix_set(m, i, j, v); }
static inline double relu_d(double z) { return z > 0 ? 1.0 : 0.0; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  if (n != cache->N || X->size2 != d || g->N != n)
    return 1;

  // dz2
  REP(i, n) REP(j, c) put(g->dz2, i, j, (at(cache->prob, i, j) - (j == y[i])) / (double) n);

  // dW2 db2
  REP(a, h) REP(b, c) {
    double s = 2 * reg * at(net->W2, a, b);
    REP(i, n) s += at(cache->p1, i, a) * at(g->dz2, i, b);
    put(g->dW2, a, b, s);
  }
  REP(b, c) {
    double s = 0;
    REP(i, n) s += at(g->dz2, i, b);
    gsl_vector_set(g->db2, b, s);
  }

  // dp1 = dz2 W2^T  (dead units get nothing back)
  REP(i, n) REP(a, h) {
    double s = 0;
    REP(b, c) s += at(g->dz2, i, b) * at(net->W2, a, b);
    put(g->dp1, i, a, at(cache->p1, i, a) > 0 ? s : 0);
  }

  // dz1 = dp1 * relu'(z1)
  REP(i, n) REP(a, h) put(g->dz1, i, a, at(g->dp1, i, a) * relu_d(at(cache->z1, i, a)));

  // dW1 db1
  REP(k, d) REP(a, h) {
    double s = 2 * reg * at(net->W1, k, a);
    REP(i, n) s += at(X, i, k) * at(g->dz1, i, a);
    put(g->dW1, k, a, s);
  }
  REP(a, h) {
    double s = 0;
    REP(i, n) s += at(g->dz1, i, a);
    gsl_vector_set(g->db1, a, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
