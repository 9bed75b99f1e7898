/* backward.c -- backprop HW.  Two fused passes over the samples:
 *   pass 1: dz2, dW2, db2, dp1      pass 2: dz1, dW1, db1
 * Pointers walk the rows; reg term preloaded into dW1, dW2. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = reg * 2;
  const double *pr = cache->prob->data, *p = cache->p1->data, *z = cache->z1->data, *x = X->data;
  double *dz = g->dz2->data, *dp = g->dp1->data, *dh = g->dz1->data;
  double *W = g->dW2->data, *b = g->db2->data, *V = g->dW1->data, *c = g->db1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  for (k = 0; k < H * C; k++) W[k] = r2 * net->W2->data[k];
  for (k = 0; k < D * H; k++) V[k] = r2 * net->W1->data[k];
  memset (b, 0, C * sizeof (double)); memset (c, 0, H * sizeof (double));

  for (i = 0; i < N; i++, pr += C, dz += C, p += H, dp += H) {
    const size_t t = y[i];
    for (k = 0; k < C; k++) { dz[k] = (k == t ? pr[k] + 1.0 : pr[k]) * iN; b[k] += dz[k]; }
    for (j = 0; j < H; j++) {
      double s = 0; const double a = p[j], *w = net->W2->data + j * C; double *o = W + j * C;
      for (k = 0; k < C; k++) { o[k] += a * dz[k]; s += dz[k] * w[k]; }
      dp[j] = s;
    }
  }
  dp = g->dp1->data;
  for (i = 0; i < N; i++, x += D, z += H, dp += H, dh += H) {
    for (j = 0; j < H; j++) { dh[j] = z[j] > 0 ? dp[j] : 0; c[j] += dh[j]; }
    for (k = 0; k < D; k++) { const double xv = x[k]; double *o = V + k * H; for (j = 0; j < H; j++) o[j] += xv * dh[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
