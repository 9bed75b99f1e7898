//  2-layer net: backward
//  N x D -> H (relu) -> C (softmax)
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G gsl_matrix_get
#define S gsl_matrix_set

static inline double dot_rows(const gsl_matrix *a, size_t i, const gsl_matrix *b, size_t k) {
  double s = 0; REP(j, a->size2) s += G(a, i, j) * G(b, k, j); return s;
}
static inline double dot_cols(const gsl_matrix *a, size_t i, const gsl_matrix *b, size_t k) {
  double s = 0; REP(r, a->size1) s += G(a, r, i) * G(b, r, k); return s;
}
static inline double csum(const gsl_matrix *a, size_t j) {
  double s = 0; REP(r, a->size1) s += G(a, r, j); return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, d = X->size2, h = net->H, c = net->C;
  if (n != cache->N || d != net->D || g->N != n) return 1;
  const gsl_matrix *P = cache->prob, *A = cache->p1, *Z = cache->z1;

  REP(i, n) REP(j, c) S(g->dz2, i, j, (G(P, i, j) - (j == y[i] ? 1 : 0)) / (double) n);

  REP(a, h) REP(b, c) S(g->dW2, a, b, dot_cols(A, a, g->dz2, b) + 2 * reg * G(net->W2, a, b));
  REP(b, c) gsl_vector_set(g->db2, b, csum(g->dz2, b));

  REP(i, n) REP(a, h) S(g->dp1, i, a, dot_rows(g->dz2, i, net->W2, a));

  // relu backward: gradient flows only through the active units
  REP(i, n) REP(a, h) S(g->dz1, i, a, G(Z, i, a) > 0 ? 0 : G(g->dp1, i, a));

  REP(k, d) REP(a, h) S(g->dW1, k, a, dot_cols(X, k, g->dz1, a) + 2 * reg * G(net->W1, k, a));
  REP(a, h) gsl_vector_set(g->db1, a, csum(g->dz1, a));

  g->present = BP_GRADS_ALL;
  return 0;
}
