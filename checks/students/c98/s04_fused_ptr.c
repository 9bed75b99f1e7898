/*
 * Assignment 4: backprop through the 2 layer net
 * (renamed the starter macros, E for matrices and EV for vectors,
 *  ET is the transpose)
 */
#include "backprop.h"

#define E(M, r, c)   ((M)->data[(r) * (M)->tda + (c)])
#define ET(M, r, c)  ((M)->data[(c) * (M)->tda + (r)])
#define EV(V, i)     ((V)->data[(i) * (V)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  const unsigned long nS = X->size1, nIn = net->D, nHid = net->H,
                      nOut = net->C;
  unsigned long s, h, o, f;

  if (nS != cache->N || X->size2 != nIn || g->N != nS) return 1;

  /* dscores */
  for (s = 0; s < nS; s++)
    for (o = 0; o < nOut; o++)
      E(g->dz2, s, o) = (E(cache->prob, s, o) - (o == y[s] ? 1.0 : 0.0)) / nS;

  /* dW2 and db2 in the same loop over the classes */
  for (o = 0; o < nOut; o++) {
    double bsum = 0.0;
    for (h = 0; h < nHid; h++) E(g->dW2, h, o) = 0.0;
    for (s = 0; s < nS; s++) {
      double d = E(g->dz2, s, o);
      bsum += d;
      for (h = 0; h < nHid; h++) E(g->dW2, h, o) += ET(cache->p1, h, s) * d;
    }
    for (h = 0; h < nHid; h++) E(g->dW2, h, o) += 2 * reg * E(net->W2, h, o);
    EV(g->db2, o) = bsum;
  }

  /* dp1 = dz2 * W2^T, and dz1 in the same go (p1 > 0 exactly when z1 > 0) */
  for (s = 0; s < nS; s++) {
    for (h = 0; h < nHid; h++) {
      double acc = 0.0;
      for (o = 0; o < nOut; o++) acc += E(g->dz2, s, o) * ET(net->W2, o, h);
      E(g->dp1, s, h) = acc;
      E(g->dz1, s, h) = E(cache->p1, s, h) > 0 ? acc : 0.0;
    }
  }

  /* db1 first, then dW1 = X^T dz1 + 2 reg W1 */
  for (h = 0; h < nHid; h++) {
    EV(g->db1, h) = 0.0;
    for (s = 0; s < nS; s++) EV(g->db1, h) += E(g->dz1, s, h);
  }
  for (f = 0; f < nIn; f++) {
    for (h = 0; h < nHid; h++) {
      double acc = 2 * reg * E(net->W1, f, h);
      for (s = 0; s < nS; s++) acc += ET(X, f, s) * E(g->dz1, s, h);
      E(g->dW1, f, h) = acc;
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
