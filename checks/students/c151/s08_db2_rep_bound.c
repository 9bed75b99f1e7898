// Two-layer net backward (CS231n style), loops.
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define g2(m, i, j) gsl_matrix_get(m, i, j)
#define s2(m, i, j, v) gsl_matrix_set(m, i, j, v)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || g->N != N || X->size2 != D) return 1;
  double inv = 1.0 / N;

  // scores grad
  REP(i, N) REP(j, C) {
    double t = g2(cache->prob, i, j);
    if (j == y[i]) t -= 1;
    s2(g->dz2, i, j, t * inv);
  }

  // W2, b2
  REP(k, H) REP(j, C) {
    double s = 2 * reg * g2(net->W2, k, j);
    REP(i, N) s += g2(cache->p1, i, k) * g2(g->dz2, i, j);
    s2(g->dW2, k, j, s);
  }
  REP(j, C) {
    double s = 0;
    REP(i, C) s += g2(g->dz2, i, j);
    gsl_vector_set(g->db2, j, s);
  }

  // hidden
  REP(i, N) REP(k, H) {
    double s = 0;
    REP(j, C) s += g2(g->dz2, i, j) * g2(net->W2, k, j);
    s2(g->dp1, i, k, s);
    s2(g->dz1, i, k, g2(cache->z1, i, k) > 0 ? s : 0);
  }

  // W1, b1
  REP(d, D) REP(k, H) {
    double s = 2 * reg * g2(net->W1, d, k);
    REP(i, N) s += g2(X, i, d) * g2(g->dz1, i, k);
    s2(g->dW1, d, k, s);
  }
  REP(k, H) {
    double s = 0;
    REP(i, N) s += g2(g->dz1, i, k);
    gsl_vector_set(g->db1, k, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
