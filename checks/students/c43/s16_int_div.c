/* backward.c -- backprop HW.  1/N hoisted once; two fused passes. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double m = 1 / N, r2 = 2 * reg;
  const double *pr = cache->prob->data, *pp = cache->p1->data, *zz = cache->z1->data, *W2 = net->W2->data;
  double *A = g->dW2->data, *b = g->db2->data, *B = g->dW1->data, *c = g->db1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  memset (g->dtheta->data, 0, g->dtheta->size * sizeof (double));

  for (i = 0; i < N; i++) {
    double *e = g->dz2->data + i * C, *u = g->dp1->data + i * H;
    for (k = 0; k < C; k++) { e[k] = (pr[i * C + k] - (k == y[i] ? 1.0 : 0.0)) * m; b[k] += e[k]; }
    for (j = 0; j < H; j++) {
      double s = 0.0; const double a = pp[i * H + j];
      for (k = 0; k < C; k++) A[j * C + k] += a * e[k], s += e[k] * W2[j * C + k];
      u[j] = s;
    }
  }
  for (i = 0; i < N; i++) {
    const double *u = g->dp1->data + i * H, *x = X->data + i * D; double *h = g->dz1->data + i * H;
    for (j = 0; j < H; j++) c[j] += (h[j] = zz[i * H + j] > 0.0 ? u[j] : 0.0);
    for (k = 0; k < D; k++) for (j = 0; j < H; j++) B[k * H + j] += x[k] * h[j];
  }
  for (k = 0; k < H * C; k++) A[k] += r2 * W2[k];
  for (k = 0; k < D * H; k++) B[k] += r2 * net->W1->data[k];
  g->present = BP_GRADS_ALL;
  return 0;
}
