/* backward.c -- backprop HW.  One fused pass per sample for the top layer
 * (dz2, db2, then dW2 and dp1 together), one for the bottom layer. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = 2.0 * reg, *W = net->W2->data;
  double *w2 = g->dW2->data, *b2 = g->db2->data, *w1 = g->dW1->data, *b1 = g->db1->data;
  double t, a, s;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  for (k = 0; k < H * C; k++) w2[k] = r2 * W[k];
  for (k = 0; k < D * H; k++) w1[k] = r2 * net->W1->data[k];
  memset (b2, 0, C * sizeof *b2); memset (b1, 0, H * sizeof *b1);

  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * C, *p = cache->p1->data + i * H;
    double *d = g->dz2->data + i * C, *P = g->dp1->data + i * H;
    for (k = 0; k < C; k++) { t = (pr[k] - (k == y[i])) * iN; d[k] = t; b2[k] += t; }
    for (j = 0; j < H; j++) {
      a = p[j]; s = 0.0;
      for (k = 0; k < C; k++) { w2[j * C + k] += a * t; s += d[k] * W[j * C + k]; }
      P[j] = s;
    }
  }
  for (i = 0; i < N; i++) {
    const double *z = cache->z1->data + i * H, *P = g->dp1->data + i * H, *x = X->data + i * D;
    double *h = g->dz1->data + i * H;
    for (j = 0; j < H; j++) { h[j] = z[j] > 0.0 ? P[j] : 0.0; b1[j] += h[j]; }
    for (k = 0; k < D; k++) { a = x[k]; for (j = 0; j < H; j++) w1[k * H + j] += a * h[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
