/* backward.c -- backprop, two layer net.  Loops only.
 *
 * t1   N*C   dz2
 * t2   N*H   dp1
 * buf  N*H   dz1
 * acc  H     bias sums
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define G(m, i, j) gsl_matrix_get((m), (i), (j))
#define S(m, i, j, v) gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *t1 = malloc(N * C * sizeof *t1);
  double *t2 = malloc(N * H * sizeof *t2);
  double *buf = malloc(N * H * sizeof *buf);
  double *acc = malloc((H > C ? H : C) * sizeof *acc);
  double s;
  int ret = 1;

  if (!t1 || !t2 || !buf || !acc || N != cache->N || g->N != N)
    goto out;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) {
      t1[i*C + k] = (G(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;
      S(g->dz2, i, k, t1[i*C + k]);
    }

  /* dW2 and db2 */
  for (k = 0; k < C; k++) {
    acc[k] = 0;
    for (i = 0; i < N; i++)
      acc[k] += t1[i*C + k];
    gsl_vector_set(g->db2, k, acc[k]);
    for (j = 0; j < H; j++) {
      s = 0;
      for (i = 0; i < N; i++)
        s += G(cache->p1, i, j) * t1[i*C + k];
      S(g->dW2, j, k, s + 2*reg*G(net->W2, j, k));
    }
  }

  /* dp1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0;
      for (k = 0; k < C; k++)
        s += t1[i*C + k] * G(net->W2, j, k);
      t2[i*H + j] = s;
      S(g->dp1, i, j, s);
    }

  /* dz1 = dp1 * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      buf[i*C + j] = G(cache->z1, i, j) > 0 ? t2[i*H + j] : 0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      S(g->dz1, i, j, buf[i*C + j]);

  /* dW1 and db1 */
  for (j = 0; j < H; j++) {
    acc[j] = 0;
    for (i = 0; i < N; i++)
      acc[j] += buf[i*C + j];
    gsl_vector_set(g->db1, j, acc[j]);
    for (k = 0; k < D; k++) {
      s = 0;
      for (i = 0; i < N; i++)
        s += G(X, i, k) * buf[i*C + j];
      S(g->dW1, k, j, s + 2*reg*G(net->W1, k, j));
    }
  }

  g->present = BP_GRADS_ALL;
  ret = 0;
out:
  free(t1);
  free(t2);
  free(buf);
  free(acc);
  return ret;
}
