/* backward.c -- backprop HW.
 * Column sums (db2, db1) unrolled 4 samples at a time, tail loop after. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = 2.0 * reg;
  const double *W2 = net->W2->data, *W1 = net->W1->data, *xx = X->data;
  double *G2 = g->dz2->data, *P1 = g->dp1->data, *G1 = g->dz1->data;
  size_t i, j, k, d;

  if (g->N != N || X->size2 != D) return 1;

  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * C; double *e = G2 + i * C;
    for (k = 0; k < C; k++) e[k] = pr[k] * iN;
    e[y[i]] -= iN;
  }
  for (k = 0; k < C; k++) {
    const double *c = G2 + k; double s = 0.0;
    for (i = 0; i + 4 <= N; i += 4, c += 4 * C) s += c[0] + c[C] + c[2 * C] + c[3 * C];
    for (i = N & ~(size_t) 3; i < N; i++) s += G2[i * C + k];
    g->db2->data[k] = s;
  }
  for (j = 0; j < H; j++) for (k = 0; k < C; k++) {
    double s = r2 * W2[j * C + k]; const double *a = cache->p1->data + j, *b = G2 + k;
    for (i = 0; i < N; i++, a += H, b += C) s += *a * *b;
    g->dW2->data[j * C + k] = s;
  }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) {
    const double *e = G2 + i * C, *w = W2 + j * C; double s = 0.0;
    for (k = 0; k < C; k++) s += e[k] * w[k];
    P1[i * H + j] = s; G1[i * H + j] = cache->z1->data[i * H + j] > 0.0 ? s : 0.0;
  }
  for (j = 0; j < H; j++) {
    const double *c = G1 + j; double s = 0.0;
    for (i = 0; i + 4 <= N; i += 4, c += 4 * H) s += c[0] + c[H] + c[2 * H] + c[3 * H];
    for (i = N & 3; i < N; i++) s += G1[i * H + j];
    g->db1->data[j] = s;
  }
  for (d = 0; d < D; d++) for (j = 0; j < H; j++) {
    double s = r2 * W1[d * H + j]; const double *a = xx + d, *b = G1 + j;
    for (i = 0; i < N; i++, a += D, b += H) s += *a * *b;
    g->dW1->data[d * H + j] = s;
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
