/* backward.c -- backprop HW.  Zero the accumulators with memset (the
 * bias gradients sit right after their weight gradients in dtheta, so one
 * memset clears both), then accumulate sample by sample. */
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double iN = 1.0 / N, r2 = 2 * reg;
  double *a2 = g->dW2->data, *c2 = g->db2->data, *a1 = g->dW1->data, *c1 = g->db1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  memset (a1, 0, (D * H + H) * sizeof (double));       /* dW1 and db1 */
  memset (a2, 0, H * C * sizeof (double));             /* dW2 and db2 */

  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * C, *p = cache->p1->data + i * H;
    const double *z = cache->z1->data + i * H, *x = X->data + i * D, *w;
    double *e = g->dz2->data + i * C, *u = g->dp1->data + i * H, *h = g->dz1->data + i * H;
    for (k = 0; k < C; k++) { e[k] = (pr[k] - (y[i] == k)) * iN; c2[k] += e[k]; }
    for (j = 0, w = net->W2->data; j < H; j++, w += C) {
      double s = 0.0;
      for (k = 0; k < C; k++) { a2[j * C + k] += p[j] * e[k]; s += e[k] * w[k]; }
      u[j] = s; h[j] = z[j] > 0.0 ? s : 0.0; c1[j] += h[j];
    }
    for (k = 0; k < D; k++) for (j = 0; j < H; j++) a1[k * H + j] += x[k] * h[j];
  }
  for (k = 0; k < H * C; k++) a2[k] += r2 * net->W2->data[k];
  for (k = 0; k < D * H; k++) a1[k] += r2 * net->W1->data[k];
  g->present = BP_GRADS_ALL;
  return 0;
}
