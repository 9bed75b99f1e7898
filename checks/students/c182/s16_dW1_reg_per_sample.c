/* backward.c -- hand-derived gradients, 2-layer net.
 *
 * dz1 is kept in a scratch buffer first (packed N x H) and copied out,
 * the weight gradients are sums over samples of outer products.
 */

#include <stdlib.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *tmp, *t, *o;
  const double *a, *b, *w;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++) {
    a = cache->prob->data + i * cache->prob->tda;
    o = g->dz2->data + i * g->dz2->tda;
    for (k = 0; k < C; k++)
      o[k] = (a[k] - (k == y[i] ? 1.0 : 0.0)) / (double) N;
  }

  /* dW2, db2 */
  memset (g->dW2->data, 0, H * C * sizeof *g->dW2->data);
  memset (g->db2->data, 0, C * sizeof *g->db2->data);
  for (i = 0; i < N; i++) {
    a = cache->p1->data + i * cache->p1->tda;
    b = g->dz2->data + i * g->dz2->tda;
    for (j = 0; j < H; j++) {
      o = g->dW2->data + j * g->dW2->tda;
      for (k = 0; k < C; k++)
        o[k] += a[j] * b[k];
    }
    for (k = 0; k < C; k++)
      g->db2->data[k] += b[k];
  }
  o = g->dW2->data;
  w = net->W2->data;
  for (k = 0; k < H * C; k++)
    o[k] += 2.0 * reg * w[k];

  /* dp1 and dz1 (dz1 into tmp first) */
  tmp = malloc (N * H * sizeof *tmp);
  if (!tmp)
    return 1;
  t = tmp;
  for (i = 0; i < N; i++) {
    const double *z = cache->z1->data + i * cache->z1->tda;
    o = g->dp1->data + i * g->dp1->tda;
    for (j = 0; j < H; j++) {
      double s = 0.0;
      a = g->dz2->data + i * g->dz2->tda;
      w = net->W2->data + j * net->W2->tda;
      for (k = 0; k < C; k++)
        s += *a++ * *w++;
      *o++ = s;
      *t++ = z[j] > 0.0 ? s : 0.0;
    }
  }
  for (i = 0; i < N; i++)
    memcpy (g->dz1->data + i * g->dz1->tda, tmp + i * H, H * sizeof *tmp);

  /* dW1 = sum_i x_i^T dz1_i + 2 reg W1 */
  memset (g->dW1->data, 0, D * H * sizeof *g->dW1->data);
  for (i = 0; i < N; i++) {
    a = X->data + i * X->tda;
    b = tmp + i * H;
    for (j = 0; j < D; j++) {
      o = g->dW1->data + j * g->dW1->tda;
      w = net->W1->data + j * net->W1->tda;
      for (k = 0; k < H; k++)
        o[k] += a[j] * b[k] + 2.0 * reg * w[k];
    }
  }

  /* db1 */
  o = g->db1->data;
  for (k = 0; k < H; k++)
    o[k] = 0.0;
  t = tmp;
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      o[k] += *t++;

  free (tmp);
  g->present = BP_GRADS_ALL;
  return 0;
}
