/* backward.c -- pointers + tda, relu done in place on a copy of dp1 */
#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define ROW(m, i) ((m)->data + (i) * (m)->tda)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || g->N != N || X->size2 != D)
    return 1;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2, *z1 = cache->z1, *p1 = cache->p1;
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1;
  double *db2 = g->db2->data, *db1 = g->db1->data;   /* stride 1 */
  size_t s2 = g->db2->stride, s1 = g->db1->stride;

  /* dz2 */
  REP(i, N) {
    const double *p = ROW(cache->prob, i); double *o = ROW(dz2, i);
    REP(j, C) o[j] = (p[j] - (j == y[i])) / N;
  }

  /* dW2, db2 */
  REP(a, H) REP(b, C) {
    double s = 0; REP(i, N) s += AT(p1, i, a) * AT(dz2, i, b);
    AT(g->dW2, a, b) = s + 2 * reg * AT(W2, a, b);
  }
  REP(b, C) { double s = 0; REP(i, N) s += AT(dz2, i, b); db2[b * s2] = s; }

  /* dp1 */
  REP(i, N) REP(a, H) {
    double s = 0; REP(b, C) s += AT(dz2, i, b) * AT(W2, a, b);
    AT(dp1, i, a) = s;
  }

  /* dz1: start from dp1, zero the dead ones */
  REP(i, N) memcpy(ROW(dz1, i), ROW(dp1, i), H * sizeof *ROW(dz1, i));
  REP(i, N) REP(j, C) if (AT(z1, i, j) <= 0) AT(dz1, i, j) = 0;

  /* dW1, db1 */
  REP(k, D) REP(a, H) {
    double s = 0; REP(i, N) s += AT(X, i, k) * AT(dz1, i, a);
    AT(g->dW1, k, a) = s + 2 * reg * AT(W1, k, a);
  }
  REP(a, H) { double s = 0; REP(i, N) s += AT(dz1, i, a); db1[a * s1] = s; }

  g->present = BP_GRADS_ALL;
  return 0;
}
