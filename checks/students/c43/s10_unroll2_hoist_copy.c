/* backward.c -- backprop HW.  Per-sample accumulation; the dW1 update is
 * unrolled two input rows at a time (odd D handled after the loop). */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = 2.0 * reg;
  double *dW1 = g->dW1->data, *db1 = g->db1->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  size_t i, j, k, d;

  if (g->N != N || X->size2 != D) return 1;
  for (k = 0; k < D * H; k++) dW1[k] = r2 * net->W1->data[k];
  for (k = 0; k < H * C; k++) dW2[k] = r2 * net->W2->data[k];
  memset (db1, 0, H * sizeof *db1); memset (db2, 0, C * sizeof *db2);

  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * C, *p = cache->p1->data + i * H;
    const double *z = cache->z1->data + i * H, *x = X->data + i * D;
    double *e = g->dz2->data + i * C, *u = g->dp1->data + i * H, *h = g->dz1->data + i * H;
    for (k = 0; k < C; k++) { e[k] = k == y[i] ? (pr[k] - 1.0) * iN : pr[k] * iN; db2[k] += e[k]; }
    for (j = 0; j < H; j++) {
      const double *w = net->W2->data + j * C; double s = 0.0;
      for (k = 0; k < C; k++) { dW2[j * C + k] += p[j] * e[k]; s += e[k] * w[k]; }
      u[j] = s;
    }
    for (j = 0; j < H; j++) { h[j] = z[j] > 0.0 ? u[j] : 0.0; db1[j] += h[j]; }
    for (d = 0; d + 1 < D; d += 2) {
      const double x0 = x[d], x1 = x[d];
      double *w0 = dW1 + d * H, *w1 = w0 + H;
      for (j = 0; j < H; j++) { const double v = h[j]; w0[j] += x0 * v; w1[j] += x1 * v; }
    }
    if (d < D) { const double x0 = x[d]; double *w0 = dW1 + d * H; for (j = 0; j < H; j++) w0[j] += x0 * h[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
