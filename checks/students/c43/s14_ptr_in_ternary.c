/* backward.c -- backprop HW.  Flat pointer sweeps wherever the index
 * pattern allows (dz2, the ReLU, the penalty terms). */
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
  size_t i, j, k, n;

  if (g->N != N || X->size2 != D) return 1;

  { const double *s = cache->prob->data; double *o = g->dz2->data;
    for (n = N * C; n--; ) *o++ = *s++ * iN;
    for (i = 0; i < N; i++) g->dz2->data[i * C + y[i]] -= iN; }

  { double *o = g->dW2->data; const double *w = net->W2->data;
    for (n = H * C; n--; ) *o++ = r2 * *w++;
    o = g->dW1->data; w = net->W1->data;
    for (n = D * H; n--; ) *o++ = r2 * *w++;
    memset (g->db2->data, 0, C * sizeof (double)); memset (g->db1->data, 0, H * sizeof (double)); }

  for (i = 0; i < N; i++) {
    const double *e = g->dz2->data + i * C, *p = cache->p1->data + i * H;
    double *u = g->dp1->data + i * H;
    for (k = 0; k < C; k++) g->db2->data[k] += e[k];
    for (j = 0; j < H; j++) {
      const double *w = net->W2->data + j * C; double *o = g->dW2->data + j * C, s = 0.0;
      for (k = 0; k < C; k++) { o[k] += p[j] * e[k]; s += e[k] * w[k]; }
      u[j] = s;
    }
  }

  { const double *z = cache->z1->data, *q = g->dp1->data; double *o = g->dz1->data;
    for (n = N * H; n--; z++) *o++ = *z > 0.0 ? *q++ : 0.0; }

  for (i = 0; i < N; i++) {
    const double *h = g->dz1->data + i * H, *x = X->data + i * D;
    for (j = 0; j < H; j++) g->db1->data[j] += h[j];
    for (k = 0; k < D; k++) { double *o = g->dW1->data + k * H; const double xk = x[k]; for (j = 0; j < H; j++) o[j] += xk * h[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
