// backward pass
// x: N x D, p: N x H (relu out), P: softmax probs
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G gsl_matrix_get
#define S gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const gsl_matrix *x = X, *p = cache->p1, *z = cache->z1, *P = cache->prob;
  size_t n = x->size1, d = x->size2, h = net->H, c = net->C;
  if (n != cache->N || d != net->D || g->N != n) return 1;
  const gsl_matrix *w1 = net->W1, *w2 = net->W2;
  gsl_matrix *e = g->dz2, *q = g->dp1, *f = g->dz1;

  // e = dL/dz2
  REP(i, n) REP(j, c) S(e, i, j, (G(P, i, j) - (y[i] == j ? 1. : 0.)) / n);

  // dW2 = p^T e + 2 reg w2
  REP(k, h) REP(j, c) {
    double s = 0;
    REP(i, n) s += G(p, i, k) * G(e, i, j);
    S(g->dW2, k, j, s + 2 * reg * G(w2, k, j));
  }
  REP(j, c) { double s = 0; REP(i, n) s += G(e, i, j); gsl_vector_set(g->db2, j, s); }

  // q = e w2^T
  REP(i, n) REP(k, h) {
    double s = 0;
    REP(j, c) s += G(e, i, j) * G(w2, k, j);
    S(q, i, k, s);
  }

  // f = q * [z > 0]
  REP(i, n) REP(k, h) S(f, i, k, G(z, i, k) > 0 ? G(q, i, k) : 0);

  // dW1 = x^T f + 2 reg w1
  REP(k, d) REP(j, h) {
    double s = 0;
    REP(i, n) s += G(p, i, k) * G(f, i, j);
    S(g->dW1, k, j, s + 2 * reg * G(w1, k, j));
  }
  REP(j, h) { double s = 0; REP(i, n) s += G(f, i, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
