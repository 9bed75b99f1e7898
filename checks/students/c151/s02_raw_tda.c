/* backward -- raw ->data version, get/set is too slow */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VA(v, j) ((v)->data[(j) * (v)->stride])

static inline void colsum(const gsl_matrix *a, gsl_vector *v) {
  REP(j, a->size2) VA(v, j) = 0;
  REP(i, a->size1) REP(j, a->size2) VA(v, j) += AT(a, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
             const bp_cache *cache, bp_grads *g) {
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  if (N != cache->N || D != net->D || g->N != N) return 1;
  const double iN = 1.0 / (double) N, r2 = 2.0 * reg;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1, *dW1 = g->dW1, *dW2 = g->dW2;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2, *p1 = cache->p1, *z1 = cache->z1;

  /* dz2: prob/N, minus 1/N on the label */
  REP(i, N) { REP(j, C) AT(dz2, i, j) = AT(cache->prob, i, j) * iN; AT(dz2, i, y[i]) -= iN; }

  /* dW2 = 2reg W2 first, then add p1' dz2 row by row (i-a-b order) */
  REP(a, H) REP(b, C) AT(dW2, a, b) = r2 * AT(W2, a, b);
  REP(i, N) REP(a, H) {
    double p = AT(p1, i, a);
    if (p == 0.0) continue;               /* dead unit, adds nothing */
    REP(b, C) AT(dW2, a, b) += p * AT(dz2, i, b);
  }
  colsum(dz2, g->db2);

  /* dp1 = dz2 W2' */
  REP(i, N) REP(a, H) {
    double s = 0; REP(b, C) s += AT(dz2, i, b) * AT(W2, a, b);
    AT(dp1, i, a) = s;
  }

  /* dz1: copy dp1 then kill the entries where relu was off */
  REP(i, N) memcpy(&AT(dz1, i, 0), &AT(dp1, i, 0), H * sizeof(double));
  REP(i, N) REP(a, H) if (AT(z1, i, a) <= 0) AT(dz1, i, a) = 0;

  /* dW1 = X' dz1 + 2reg W1 */
  REP(k, D) REP(a, H) AT(dW1, k, a) = r2 * AT(W1, k, a);
  REP(i, N) REP(k, D) {
    double x = AT(X, i, k);
    REP(a, H) AT(dW1, k, a) += x * AT(dz1, i, a);
  }
  colsum(dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
