/* backward.c -- backprop HW.
 * Top layer by dot products; bottom layer in one fused pass per sample
 * (dz1, db1, dW1 together). */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = 2.0 * reg, *W1 = net->W1->data, *W2 = net->W2->data;
  double *e = g->dz2->data, *u = g->dp1->data, *h = g->dz1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;

  for (i = 0; i < N; i++) for (k = 0; k < C; k++)
    e[i * C + k] = (k == y[i]) ? (cache->prob->data[i * C + k] - 1.0) * iN : cache->prob->data[i * C + k] * iN;
  for (k = 0; k < C; k++) { double s = 0; for (i = 0; i < N; i++) s += e[i * C + k]; g->db2->data[k] = s; }
  for (j = 0; j < H; j++) for (k = 0; k < C; k++) {
    double s = r2 * W2[j * C + k];
    for (i = 0; i < N; i++) s += cache->p1->data[i * H + j] * e[i * C + k];
    g->dW2->data[j * C + k] = s;
  }
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) {
    double s = 0; for (k = 0; k < C; k++) s += e[i * C + k] * W2[j * C + k];
    u[i * H + j] = s;
  }

  memset (g->dW1->data, 0, D * H * sizeof (double)); memset (g->db1->data, 0, H * sizeof (double));
  for (i = 0; i < N; i++) {
    const double *x = X->data + i * D, *z = cache->z1->data + i * H;
    for (j = 0; j < H; j++) {
      const double v = h[i * H + j] = z[j] > 0.0 ? u[i * H + j] : 0.0;
      g->db1->data[j] += v;
      for (k = 0; k < D; k++) g->dW1->data[k * H + j] += x[k] * v + r2 * W1[k * H + j];
    }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
