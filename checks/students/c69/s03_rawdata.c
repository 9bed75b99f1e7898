#include "backprop.h"

/* quick and dirty */
#define IX(m, i, j) (m)->data[(i) * (m)->tda + (j)]
#define TWO_REG 2 * reg
#define INV_N 1.0 / N

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C, i, j, k;
  double t, *b2 = g->db2->data, *b1 = g->db1->data;
  if (N == 0) return 0;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      IX(g->dz2, i, j) = (IX(cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0)) * INV_N;

  for (j = 0; j < C; j++) b2[j * g->db2->stride] = 0;
  for (i = 0; i < H; i++) for (j = 0; j < C; j++) IX(g->dW2, i, j) = TWO_REG * IX(net->W2, i, j);
  for (k = 0; k < N; k++)
    for (j = 0; j < C; j++) {
      t = IX(g->dz2, k, j);
      b2[j * g->db2->stride] += t;
      for (i = 0; i < H; i++) IX(g->dW2, i, j) += IX(cache->p1, k, i) * t;
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      for (t = 0, k = 0; k < C; k++) t += IX(g->dz2, i, k) * IX(net->W2, j, k);
      IX(g->dp1, i, j) = t;
      IX(g->dz1, i, j) = IX(cache->z1, i, j) > 0 ? t : 0.0;
    }

  for (i = 0; i < D; i++) for (j = 0; j < H; j++) IX(g->dW1, i, j) = TWO_REG * IX(net->W1, i, j);
  for (j = 0; j < H; j++) b1[j * g->db1->stride] = 0;
  for (k = 0; k < N; k++)
    for (j = 0; j < H; j++) {
      t = IX(g->dz1, k, j);
      if (t == 0) continue;
      b1[j * g->db1->stride] += t;
      for (i = 0; i < D; i++) IX(g->dW1, i, j) += IX(X, k, i) * t;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
