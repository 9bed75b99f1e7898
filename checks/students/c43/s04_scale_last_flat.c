/* backward.c -- backprop HW.
 * Trick: work with G = prob - Y (no 1/N) all the way down, since every
 * gradient is linear in dz2; then one flat sweep multiplies dz2, dp1, dz1
 * and the whole dtheta block by 1/N, and a second sweep over dtheta adds
 * 2 reg W (layout W1 | b1 | W2 | b2, same as theta). */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k, n;
  double *G = g->dz2->data, *Q = g->dp1->data, *Z = g->dz1->data, *T = g->dtheta->data;
  double *dW1 = g->dW1->data, *db1 = g->db1->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  const double *W2 = net->W2->data, *z1 = cache->z1->data, *p1 = cache->p1->data;

  if (g->N != N || X->size2 != D) return 1;
  memset (T, 0, g->dtheta->size * sizeof *T);

  memcpy (G, cache->prob->data, N * C * sizeof *G);
  for (i = 0; i < N; i++) G[i * C + y[i]] -= 1.0;

  for (i = 0; i < N; i++) {
    const double *gi = G + i * C, *pi = p1 + i * H, *xi = X->data + i * D, *zi = z1 + i * H;
    double *qi = Q + i * H, *ri = Z + i * H;
    for (k = 0; k < C; k++) db2[k] += gi[k];
    for (j = 0; j < H; j++) {
      double s = 0.0;
      for (k = 0; k < C; k++) { dW2[j * C + k] += pi[j] * gi[k]; s += gi[k] * W2[j * C + k]; }
      qi[j] = s;
      ri[j] = zi[j] > 0.0 ? s : 0.0;
      db1[j] += ri[j];
    }
    for (k = 0; k < D; k++) for (j = 0; j < H; j++) dW1[k * H + j] += xi[k] * ri[j];
  }

  { const double s = 1.0 / (double) N;
    for (n = 0; n < N * C; n++) G[n] *= s;
    for (n = 0; n < N * H; n++) Q[n] *= s, Z[n] *= s;
    for (n = 0; n < g->dtheta->size; n++) T[n] *= s; }

  { const double r2 = 2.0 * reg, *t = net->theta->data; double *q = T;
    for (n = D * H; n; n--) *q++ += r2 * *t++;
    q += H; t += H;                                   /* b1: no penalty */
    for (n = H * C; n; n--) *q++ += r2 * *t++; }

  g->present = BP_GRADS_ALL;
  return 0;
}
