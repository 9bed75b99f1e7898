/* Lab 4: backward pass, systems-style.
 *
 * Rules of the game (from lecture): no get/set in inner loops, walk
 * m->data with m->tda, restrict every pointer that does not alias.
 * Loop 1 does dz2, dW2, db2 for one sample at a time.
 * Loop 2 does dp1, dz1, db1 for one sample at a time.
 * Loop 3 is dW1.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  const double twoReg = 2.0 * reg;
  size_t s, h, c, d;

  if (N != cache->N || D != net->D || g->N != N) {
    return 1;
  }

  /* reg part of dW2, zero db2 */
  for (h = 0; h < H; h++) {
    double *restrict gw = g->dW2->data + h * g->dW2->tda;
    const double *restrict w = net->W2->data + h * net->W2->tda;
    for (c = 0; c < C; c++) {
      gw[c] = twoReg * w[c];
    }
  }
  for (c = 0; c < C; c++) {
    g->db2->data[c] = 0.0;
  }

  /* loop 1 */
  for (s = 0; s < N; s++) {
    const double *restrict prob = cache->prob->data + s * cache->prob->tda;
    const double *restrict hid = cache->z1->data + s * cache->z1->tda;
    double *restrict dsc = g->dz2->data + s * g->dz2->tda;

    for (c = 0; c < C; c++) {
      dsc[c] = (prob[c] - (c == y[s])) / (double)N;
      g->db2->data[c] += dsc[c];
    }
    for (h = 0; h < H; h++) {
      double *restrict gw = g->dW2->data + h * g->dW2->tda;
      for (c = 0; c < C; c++) {
        gw[c] += hid[h] * dsc[c];
      }
    }
  }

  /* loop 2 */
  for (h = 0; h < H; h++) {
    g->db1->data[h] = 0.0;
  }
  for (s = 0; s < N; s++) {
    const double *restrict dsc = g->dz2->data + s * g->dz2->tda;
    const double *restrict pre = cache->z1->data + s * cache->z1->tda;
    double *restrict dhid = g->dp1->data + s * g->dp1->tda;
    double *restrict dpre = g->dz1->data + s * g->dz1->tda;

    for (h = 0; h < H; h++) {
      const double *restrict w = net->W2->data + h * net->W2->tda;
      double acc = 0.0;
      for (c = 0; c < C; c++) {
        acc += dsc[c] * w[c];
      }
      dhid[h] = acc;
      dpre[h] = pre[h] > 0.0 ? acc : 0.0;
      g->db1->data[h] += dpre[h];
    }
  }

  /* loop 3: dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++) {
    double *restrict gw = g->dW1->data + d * g->dW1->tda;
    const double *restrict w = net->W1->data + d * net->W1->tda;
    for (h = 0; h < H; h++) {
      double acc = twoReg * w[h];
      for (s = 0; s < N; s++) {
        acc += X->data[s * X->tda + d] * g->dz1->data[s * g->dz1->tda + h];
      }
      gw[h] = acc;
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
