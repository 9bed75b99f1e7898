/* backward.c (lab 4)
   - all loops on raw ->data, stride tda
   - dz1 & db1 fused: copy dp1 into dz1, add to db1, then gate by the relu
*/
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k;
  double *b;

  if (N != cache->N || D != net->D || g->N != N) return 1;

  /* dz2 */
  for (i = 0; i < N; i++) {
    double *o = g->dz2->data + i * g->dz2->tda;
    const double *pr = cache->prob->data + i * cache->prob->tda;
    for (k = 0; k < C; k++) o[k] = pr[k];
    o[y[i]] -= 1.0;
    for (k = 0; k < C; k++) o[k] *= 1.0 / N;
  }

  /* dW2, db2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      double s = 2.0 * reg * net->W2->data[j * net->W2->tda + k];
      for (i = 0; i < N; i++)
        s += cache->p1->data[i * cache->p1->tda + j] * g->dz2->data[i * g->dz2->tda + k];
      g->dW2->data[j * g->dW2->tda + k] = s;
    }
  b = g->db2->data;
  for (k = 0; k < C; k++) b[k] = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) b[k] += g->dz2->data[i * g->dz2->tda + k];

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      const double *d = g->dz2->data + i * g->dz2->tda;
      const double *w = net->W2->data + j * net->W2->tda;
      double s = 0.0;
      for (k = 0; k < C; k++) s += d[k] * w[k];
      g->dp1->data[i * g->dp1->tda + j] = s;
    }

  /* dz1 + db1 */
  b = g->db1->data;
  for (j = 0; j < H; j++) b[j] = 0.0;
  for (i = 0; i < N; i++) {
    const double *z = cache->z1->data + i * cache->z1->tda;
    const double *dp = g->dp1->data + i * g->dp1->tda;
    double *dz = g->dz1->data + i * g->dz1->tda;
    for (j = 0; j < H; j++) {
      dz[j] = dp[j];
      b[j] += dz[j];
      if (z[j] <= 0.0) dz[j] = 0.0;
    }
  }

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      double s = 2.0 * reg * net->W1->data[k * net->W1->tda + j];
      for (i = 0; i < N; i++)
        s += X->data[i * X->tda + k] * g->dz1->data[i * g->dz1->tda + j];
      g->dW1->data[k * g->dW1->tda + j] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
