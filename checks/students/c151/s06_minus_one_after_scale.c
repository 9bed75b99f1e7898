/*
 * two layer net, backward
 * all by hand with pointers, tda aware
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

typedef const gsl_matrix CM;
typedef gsl_matrix M;

/* C = A' B  (A: n x p, B: n x q, C: p x q) + r * W */
static inline void atb(CM *A, CM *B, CM *W, double r, M *C)
{
  REP(a, C->size1) REP(b, C->size2) AT(C, a, b) = r * AT(W, a, b);
  REP(i, A->size1) REP(a, A->size2) REP(b, B->size2) AT(C, a, b) += AT(A, i, a) * AT(B, i, b);
}

static inline void csum(CM *A, gsl_vector *v)
{
  REP(j, A->size2) {
    double s = 0;
    REP(i, A->size1) s += AT(A, i, j);
    v->data[j * v->stride] = s;
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y, double reg,
             const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;
  CM *P = cache->prob, *Z = cache->z1, *W2 = net->W2;
  M *D2 = g->dz2, *Q = g->dp1, *D1 = g->dz1;

  /* dL/dz2 = (P - Y)/n */
  REP(i, n) { REP(j, c) { AT(D2, i, j) = AT(P, i, j) / n; } AT(D2, i, y[i]) -= 1; }

  atb(cache->p1, D2, W2, 2 * reg, g->dW2);
  csum(D2, g->db2);

  /* dp1 = dz2 W2^T */
  REP(i, n) REP(k, h) {
    double s = 0;
    REP(j, c) s += AT(D2, i, j) * AT(W2, k, j);
    AT(Q, i, k) = s;
  }

  /* relu */
  REP(i, n) REP(k, h) AT(D1, i, k) = AT(Z, i, k) > 0 ? AT(Q, i, k) : 0.0;

  atb(X, D1, net->W1, 2 * reg, g->dW1);
  csum(D1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
