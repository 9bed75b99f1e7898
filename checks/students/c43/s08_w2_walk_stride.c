/* backward.c -- backprop HW.  dp1 = dz2 W2^T: walk down W2^T. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double n1 = 1.0 / N, r = reg + reg, *W2 = net->W2->data, *W1 = net->W1->data;
  double *o, *w;
  const double *s, *m;
  size_t i, j, k, d;

  if (g->N != N || X->size2 != D) return 1;

  o = g->dz2->data; s = cache->prob->data;
  for (i = 0; i < N; i++) for (k = 0; k < C; k++, o++, s++) *o = (*s - (k == y[i])) * n1;

  w = g->dW2->data;
  for (j = 0; j < H; j++) for (k = 0; k < C; k++, w++) {
    double a = r * W2[j * C + k]; s = cache->p1->data + j; m = g->dz2->data + k;
    for (i = 0; i < N; i++, s += H, m += C) a += *s * *m;
    *w = a;
  }
  for (k = 0; k < C; k++) { double a = 0; m = g->dz2->data + k; for (i = 0; i < N; i++, m += C) a += *m; g->db2->data[k] = a; }

  o = g->dp1->data; w = g->dz1->data;
  for (i = 0; i < N; i++) for (j = 0; j < H; j++, o++, w++) {
    double a = 0; const double *e = g->dz2->data + i * C, *t;
    for (k = 0, t = W2 + j; k < C; k++, t += H) a += e[k] * *t;
    *o = a; *w = cache->z1->data[i * H + j] > 0 ? a : 0;
  }

  memset (g->db1->data, 0, H * sizeof (double));
  for (d = 0; d < D; d++) for (j = 0; j < H; j++) g->dW1->data[d * H + j] = r * W1[d * H + j];
  for (i = 0; i < N; i++) {
    const double *x = X->data + i * D, *h = g->dz1->data + i * H;
    for (j = 0; j < H; j++) g->db1->data[j] += h[j];
    for (d = 0; d < D; d++) for (j = 0; j < H; j++) g->dW1->data[d * H + j] += x[d] * h[j];
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
