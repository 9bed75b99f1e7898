// backward pass, 2-layer net. plain loops, no blas.
// z1 = x W1 + b1, p1 = relu(z1), z2 = p1 W2 + b2, softmax + CE, reg*(|W1|^2+|W2|^2)
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G gsl_matrix_get
#define S gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, d = net->D, h = net->H, c = net->C;
  if (n != cache->N || X->size2 != d || g->N != n) return 1;

  const gsl_matrix *P = cache->prob, *p1 = cache->p1, *z1 = cache->z1;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;

  // dz2 = (P - onehot) / n
  REP(i, n) REP(j, c)
    S(dz2, i, j, (G(P, i, j) - (j == y[i] ? 1.0 : 0.0)) / n);

  // dW2 = p1^T dz2 + 2 reg W2
  REP(a, h) REP(b, c) {
    double s = 0;
    REP(i, n) s += G(p1, i, a) * G(dz2, i, b);
    S(g->dW2, a, b, s + 2 * reg * G(net->W2, a, b));
  }

  // db2 = sum over rows
  REP(b, c) {
    double s = 0;
    REP(i, n) s += G(dz2, i, b);
    gsl_vector_set(g->db2, b, s);
  }

  // dp1 = dz2 W2^T
  REP(i, n) REP(a, h) {
    double s = 0;
    REP(b, c) s += G(dz2, i, b) * G(net->W2, a, b);
    S(dp1, i, a, s);
  }

  // relu: pass where z1 > 0
  REP(i, n) REP(a, h) S(dz1, i, a, G(z1, i, a) > 0 ? G(dp1, i, a) : 0.0);

  // dW1 = X^T dz1 + 2 reg W1
  REP(k, d) REP(a, h) {
    double s = 0;
    REP(i, n) s += G(X, i, k) * G(dz1, i, a);
    S(g->dW1, k, a, s + 2 * reg * G(net->W1, k, a));
  }

  // db1
  REP(a, h) {
    double s = 0;
    REP(i, n) s += G(dz1, i, a);
    gsl_vector_set(g->db1, a, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
