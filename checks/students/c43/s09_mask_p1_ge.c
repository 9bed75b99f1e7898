/* backward.c -- backprop HW.
 * relu'(z1) read off the cached activations p1 (saves touching z1).
 * Pass 1 over samples: dz2, dW2, db2, dp1.  Pass 2: dz1, dW1, db1. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double inv = 1.0 / (double) N, r2 = 2.0 * reg;
  double *A = g->dW2->data, *B = g->db2->data, *U = g->dW1->data, *V = g->db1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  for (k = 0; k < H * C; k++) A[k] = r2 * net->W2->data[k];
  for (k = 0; k < D * H; k++) U[k] = r2 * net->W1->data[k];
  for (k = 0; k < C; k++) B[k] = 0;
  for (j = 0; j < H; j++) V[j] = 0;

  for (i = 0; i < N; i++) {
    const double *P = cache->prob->data + i * C, *a = cache->p1->data + i * H;
    double *e = g->dz2->data + i * C, *q = g->dp1->data + i * H;
    for (k = 0; k < C; k++) e[k] = P[k] * inv;
    e[y[i]] -= inv;
    for (k = 0; k < C; k++) B[k] += e[k];
    for (j = 0; j < H; j++) {
      const double aj = a[j], *w = net->W2->data + j * C; double *Aj = A + j * C, t = 0;
      for (k = 0; k < C; k++) Aj[k] += aj * e[k], t += e[k] * w[k];
      q[j] = t;
    }
  }
  for (i = 0; i < N; i++) {
    const double *a = cache->p1->data + i * H, *q = g->dp1->data + i * H, *x = X->data + i * D;
    double *h = g->dz1->data + i * H;
    for (j = 0; j < H; j++) { h[j] = a[j] >= 0.0 ? q[j] : 0.0; V[j] += h[j]; }
    for (k = 0; k < D; k++) { const double xk = x[k]; double *Uk = U + k * H; for (j = 0; j < H; j++) Uk[j] += xk * h[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
