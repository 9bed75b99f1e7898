/* backward.c -- hand-written backward pass, two-layer net.
 * Everything with row pointers, no BLAS.  Row i of a gsl_matrix A starts
 * at A->data + i * A->tda. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++) {
    const double *pr = cache->prob->data + i * cache->prob->tda;
    double *d = g->dz2->data + i * g->dz2->tda;
    for (k = 0; k < C; k++)
      d[k] = pr[k] / (double) N;
    d[y[i]] -= 1.0 / (double) N;
  }

  /* 2. dW2 = p1' dz2 + 2 reg W2 */
  for (j = 0; j < H; j++) {
    const double *w = net->W2->data + j * net->W2->tda;
    double *dw = g->dW2->data + j * g->dW2->tda;
    for (k = 0; k < C; k++)
      dw[k] = 2.0 * reg * w[k];
  }
  for (i = 0; i < N; i++) {
    const double *p = cache->p1->data + i * cache->p1->tda;
    const double *d = g->dz2->data + i * g->dz2->tda;
    for (j = 0; j < H; j++) {
      double *dw = g->dW2->data + j * g->dW2->tda;
      for (k = 0; k < C; k++)
        dw[k] += p[j] * d[k];
    }
  }

  /* 3. db2 = sum of the rows of dz2 */
  for (k = 0; k < C; k++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += g->dz2->data[i * g->dz2->tda + k];
    g->db2->data[k * g->db2->stride] = s;
  }

  /* 4. dp1 = dz2 W2'  (W2 row j dotted with dz2 row i) */
  for (i = 0; i < N; i++) {
    const double *d = g->dz2->data + i * g->dz2->tda;
    double *dp = g->dp1->data + i * g->dp1->tda;
    for (j = 0; j < H; j++) {
      const double *w = net->W2->data + j * net->W2->tda;
      double s = 0.0;
      for (k = 0; k < C; k++)
        s += d[k] * w[k];
      dp[j] = s;
    }
  }

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++) {
    const double *z = cache->z1->data + i * cache->z1->tda;
    const double *dp = g->dp1->data + i * g->dp1->tda;
    double *dz = g->dz1->data + i * g->dz1->tda;
    for (j = 0; j < H; j++)
      dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
  }

  /* 6. dW1 = X' dz1 + 2 reg W1 */
  for (k = 0; k < D; k++) {
    const double *w = net->W1->data + k * net->W1->tda;
    double *dw = g->dW1->data + k * g->dW1->tda;
    for (j = 0; j < H; j++)
      dw[j] = 2.0 * reg * w[j];
  }
  for (i = 0; i < N; i++) {
    const double *x = X->data + i * X->tda;
    const double *dz = g->dz1->data + i * g->dz1->tda;
    for (k = 0; k < D; k++) {
      double *dw = g->dW1->data + k * g->dW1->tda;
      for (j = 0; j < H; j++)
        dw[j] += x[k] * dz[j];
    }
  }

  /* 7. db1 = column sums of dz1 */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += g->dz1->data[i * g->dz1->tda + j];
    g->db1->data[j * g->db1->stride] = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
