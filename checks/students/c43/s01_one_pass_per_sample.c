/* backward.c -- ML elective, HW2: backprop by hand.
 * One pass over the samples, every gradient accumulated on the fly, no
 * temporaries.  Accumulators start at the penalty gradient 2 reg W. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / (double) N, r2 = 2.0 * reg;
  double *dW1 = g->dW1->data, *db1 = g->db1->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  const double *W1 = net->W1->data, *W2 = net->W2->data;
  size_t i, j, k, d;

  if (g->N != N || cache->N != N || X->size2 != D) return 1;
  for (k = 0; k < D * H; k++) dW1[k] = r2 * W1[k];
  for (k = 0; k < H * C; k++) dW2[k] = r2 * W2[k];
  memset (db1, 0, H * sizeof *db1); memset (db2, 0, C * sizeof *db2);

  for (i = 0; i < N; i++) {
    const double *x = X->data + i * D, *pr = cache->prob->data + i * C,
                 *p = cache->p1->data + i * H, *z = cache->z1->data + i * H;
    double *dz = g->dz2->data + i * C, *dp = g->dp1->data + i * H, *dh = g->dz1->data + i * H;
    const size_t yi = y[i];
    for (k = 0; k < C; k++) { dz[k] = (pr[k] - (k == yi)) * iN; db2[k] += dz[k]; }
    for (j = 0; j < H; j++) {
      const double a = p[j], *w = W2 + j * C; double *gw = dW2 + j * C, s = 0.0;
      for (k = 0; k < C; k++) { gw[k] += a * dz[k]; s += dz[k] * w[k]; }
      dp[j] = s; dh[j] = z[j] > 0.0 ? s : 0.0; db1[j] += dh[j];
    }
    for (d = 0; d < D; d++) {
      const double xv = x[d]; double *gw = dW1 + d * H;
      for (j = 0; j < H; j++) gw[j] += xv * dh[j];
    }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
