/* backward.c -- backprop HW.
 * Per sample: the row of dz2 W2^T is summed straight into the dz1 row
 * (used as scratch), then masked in place and kept in dp1 as well. */
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
  double *A = g->dW2->data, *b = g->db2->data, *B = g->dW1->data, *c = g->db1->data;
  size_t i, j, k;

  if (g->N != N || X->size2 != D) return 1;
  for (k = 0; k < H * C; k++) A[k] = r2 * net->W2->data[k];
  for (k = 0; k < D * H; k++) B[k] = r2 * net->W1->data[k];
  memset (b, 0, C * sizeof *b); memset (c, 0, H * sizeof *c);

  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * C, *p = cache->p1->data + i * H;
    const double *z = cache->z1->data + i * H, *x = X->data + i * D;
    double *e = g->dz2->data + i * C, *q = g->dz1->data + i * H, *P = g->dp1->data + i * H;
    const size_t t = y[i];
    for (k = 0; k < C; k++) { e[k] = (pr[k] - (k == t)) * iN; b[k] += e[k]; }
    memset (q, 0, H * sizeof *q);
    for (k = 0; k < C; k++) {
      const double ek = e[k];
      for (j = 0; j < H; j++) { A[j * C + k] += p[j] * ek; q[j] += ek * net->W2->data[j * C + k]; }
    }
    for (j = 0; j < H; j++) { q[j] = z[j] > 0.0 ? q[j] : 0.0; P[j] = q[j]; c[j] += q[j]; }
    for (k = 0; k < D; k++) { const double xk = x[k]; for (j = 0; j < H; j++) B[k * H + j] += xk * q[j]; }
  }
  g->present = BP_GRADS_ALL;
  return 0;
}
