// Backward pass of the 2 layer net.
// loss = mean CE + reg * (|W1|^2 + |W2|^2)
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define F(i, a, b) for (size_t i = (a); i < (size_t) (b); ++i)

static inline double l2g(double r, double w) { return 2 * r * w; }   // d/dw r w^2
static inline double gm(const gsl_matrix *m, size_t i, size_t j) { return gsl_matrix_get(m, i, j); }
static inline void sm(gsl_matrix *m, size_t i, size_t j, double v) { gsl_matrix_set(m, i, j, v); }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  if (N != cache->N || D != net->D || g->N != N) return 1;

  /* dz2 */
  REP(i, N) {
    REP(j, C) sm(g->dz2, i, j, gm(cache->prob, i, j));
    sm(g->dz2, i, y[i], gm(g->dz2, i, y[i]) - 1);
    REP(j, C) sm(g->dz2, i, j, gm(g->dz2, i, j) / N);
  }

  /* dW2, db2 */
  REP(k, H) REP(j, C) {
    double s = 0;
    REP(i, N) s += gm(cache->p1, i, k) * gm(g->dz2, i, j);
    sm(g->dW2, k, j, s + l2g(reg, gm(net->W2, k, j)));
  }
  REP(j, C) {
    double s = 0;
    REP(i, N) s += gm(g->dz2, i, j);
    gsl_vector_set(g->db2, j, s);
  }

  /* dp1, dz1 */
  REP(i, N) REP(k, H) {
    double s = 0;
    REP(j, C) s += gm(g->dz2, i, j) * gm(net->W2, k, j);
    sm(g->dp1, i, k, s);
    sm(g->dz1, i, k, gm(cache->z1, i, k) > 0 ? s : 0);
  }

  /* dW1, db1 */
  REP(d, D) REP(k, H) {
    double s = 0;
    REP(i, N) s += gm(X, i, d) * gm(g->dz1, i, k);
    sm(g->dW1, d, k, s);
  }
  REP(k, H) {
    double s = 0;
    REP(i, N) s += gm(g->dz1, i, k);
    gsl_vector_set(g->db1, k, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
