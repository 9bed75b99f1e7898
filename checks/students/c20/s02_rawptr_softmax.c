// two layer net backward -- Tomasz K.
// I don't trust the cached prob (what if forward was called with something
// else?) so I recompute softmax from z2 myself, with the max trick from lecture.
// Raw pointers because gsl_matrix_get is slow and ugly.

#include <math.h>
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // ---- softmax again + dz2 ----
  for (size_t i = 0; i < N; i++) {
    double mx = AT(cache->z2, i, 0);
    for (size_t c = 1; c < C; c++)
      if (AT(cache->z2, i, c) > mx) mx = AT(cache->z2, i, c);
    double den = 0.0;
    for (size_t c = 0; c < C; c++) {
      AT(g->dz2, i, c) = exp(AT(cache->z2, i, c) - mx);
      den += AT(g->dz2, i, c);
    }
    for (size_t c = 0; c < C; c++) {
      double p = AT(g->dz2, i, c) / den;
      AT(g->dz2, i, c) = (p - (c == y[i] ? 1.0 : 0.0)) / (double)N;
    }
  }

  // ---- dW2, db2 ----
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++) {
      double acc = 2.0 * reg * AT(net->W2, h, c);   // reg first, then data part
      for (size_t i = 0; i < N; i++)
        acc += AT(cache->p1, i, h) * AT(g->dz2, i, c);
      AT(g->dW2, h, c) = acc;
    }
  for (size_t c = 0; c < C; c++) {
    double acc = 0.0;
    for (size_t i = 0; i < N; i++) acc += AT(g->dz2, i, c);
    g->db2->data[c * g->db2->stride] = acc;
  }

  // ---- dp1, dz1 in one go ----
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++) {
      double acc = 0.0;
      for (size_t c = 0; c < C; c++)
        acc += AT(g->dz2, i, c) * AT(net->W2, h, c);
      AT(g->dp1, i, h) = acc;
      AT(g->dz1, i, h) = AT(cache->z1, i, h) > 0.0 ? acc : 0.0;
    }

  // ---- dW1, db1 ----
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++) {
      double acc = 0.0;
      for (size_t i = 0; i < N; i++)
        acc += AT(X, i, d) * AT(g->dz1, i, h);
      AT(g->dW1, d, h) = acc + 2.0 * reg * AT(net->W1, d, h);
    }
  for (size_t h = 0; h < H; h++) {
    double acc = 0.0;
    for (size_t i = 0; i < N; i++) acc += AT(g->dz1, i, h);
    g->db1->data[h * g->db1->stride] = acc;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
