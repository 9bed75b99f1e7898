/* backward.c -- backprop HW.
 * dtheta and theta share the layout W1 | b1 | W2 | b2, so the penalty
 * gradient 2 reg W goes on in one flat sweep at the end, skipping b1. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k, n;
  double *dW1 = g->dW1->data, *db1 = g->db1->data, *dW2 = g->dW2->data, *db2 = g->db2->data;
  const double *W2 = net->W2->data, iN = 1.0 / (double) N, r2 = 2.0 * reg;

  if (g->N != N || X->size2 != D) return 1;
  memset (g->dtheta->data, 0, g->dtheta->size * sizeof (double));

  for (i = 0; i < N; i++) {                            /* dz2, dW2, db2, dp1 */
    const double *pr = cache->prob->data + i * C, *p = cache->p1->data + i * H;
    double *e = g->dz2->data + i * C, *q = g->dp1->data + i * H;
    for (k = 0; k < C; k++) e[k] = pr[k] * iN;
    e[y[i]] -= iN;
    for (j = 0; j < H; j++) {
      double s = 0;
      for (k = 0; k < C; k++) dW2[j * C + k] += p[j] * e[k], s += e[k] * W2[j * C + k];
      q[j] = s;
    }
    for (k = 0; k < C; k++) db2[k] += e[k];
  }
  for (i = 0; i < N; i++) {                            /* dz1, dW1, db1 */
    const double *q = g->dp1->data + i * H, *z = cache->z1->data + i * H, *x = X->data + i * D;
    double *h = g->dz1->data + i * H;
    for (j = 0; j < H; j++) h[j] = z[j] > 0 ? q[j] : 0, db1[j] += h[j];
    for (k = 0; k < D; k++) for (j = 0; j < H; j++) dW1[k * H + j] += x[k] * h[j];
  }

  { double *q = g->dtheta->data; const double *t = net->theta->data;
    for (n = D * H; n--; ) *q++ += r2 * *t++;
    q += H;                                            /* skip b1 */
    for (n = H * C; n--; ) *q++ += r2 * *t++; }

  g->present = BP_GRADS_ALL;
  return 0;
}
