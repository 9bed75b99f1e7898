/* backward.c -- 2-layer net backward pass, HW 4
 *
 * Matrix products written as triple loops with an IDX macro.
 * Notation: A^T[r][s] = A[s][r].
 *
 *   dz2 = (prob - Y) / N                 (N x C)
 *   dW2 = p1^T dz2 + 2 reg W2            (H x C)
 *   db2 = sum over samples of dz2        (C)
 *   dp1 = dz2 W2^T                       (N x H)
 *   dz1 = dp1 masked by z1 > 0           (N x H)
 *   dW1 = X^T dz1 + 2 reg W1             (D x H)
 *   db1 = sum over samples of dz1        (H)
 */
#include <string.h>
#include "backprop.h"

#define IDX(r, s, ld) ((r) * (ld) + (s))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  const double *prob = cache->prob->data; size_t ldpr = cache->prob->tda;
  const double *p1 = cache->p1->data;     size_t ldp1 = cache->p1->tda;
  const double *z1 = cache->z1->data;     size_t ldz1 = cache->z1->tda;
  const double *xx = X->data;             size_t ldx = X->tda;
  const double *w1 = net->W1->data;       size_t ldw1 = net->W1->tda;
  const double *w2 = net->W2->data;       size_t ldw2 = net->W2->tda;

  double *dz2 = g->dz2->data; size_t lddz2 = g->dz2->tda;
  double *dW2 = g->dW2->data; size_t lddW2 = g->dW2->tda;
  double *dp1 = g->dp1->data; size_t lddp1 = g->dp1->tda;
  double *dz1 = g->dz1->data; size_t lddz1 = g->dz1->tda;
  double *dW1 = g->dW1->data; size_t lddW1 = g->dW1->tda;
  double *db2 = g->db2->data;
  double *db1 = g->db1->data;

  /* dz2 */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      dz2[IDX (i, c, lddz2)] = (prob[IDX (i, c, ldpr)] - (c == y[i])) / (double) N;

  /* dW2[k][c] = sum_i p1^T[k][i] dz2[i][c] = sum_i p1[i][k] dz2[i][c] */
  for (size_t k = 0; k < H; k++)
    for (size_t c = 0; c < C; c++)
      {
        double s = 2.0 * reg * w2[IDX (k, c, ldw2)];
        for (size_t i = 0; i < N; i++)
          s += p1[IDX (i, k, ldp1)] * dz2[IDX (i, c, lddz2)];
        dW2[IDX (k, c, lddW2)] = s;
      }

  /* db2 */
  memset (db2, 0, C * sizeof (double));
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      db2[c] += dz2[IDX (i, c, lddz2)];

  /* dp1[i][k] = sum_c dz2[i][c] W2^T[c][k] */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < H; k++)
      {
        double s = 0.0;
        for (size_t c = 0; c < C; c++)
          s += dz2[IDX (i, c, lddz2)] * w2[IDX (c, k, ldw2)];
        dp1[IDX (i, k, lddp1)] = s;
      }

  /* dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < H; k++)
      dz1[IDX (i, k, lddz1)] = z1[IDX (i, k, ldz1)] > 0 ? dp1[IDX (i, k, lddp1)] : 0;

  /* dW1[m][k] = sum_i X^T[m][i] dz1[i][k] = sum_i X[i][m] dz1[i][k] */
  for (size_t m = 0; m < D; m++)
    for (size_t k = 0; k < H; k++)
      {
        double s = 2.0 * reg * w1[IDX (m, k, ldw1)];
        for (size_t i = 0; i < N; i++)
          s += xx[IDX (i, m, ldx)] * dz1[IDX (i, k, lddz1)];
        dW1[IDX (m, k, lddW1)] = s;
      }

  /* db1 */
  memset (db1, 0, H * sizeof (double));
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < H; k++)
      db1[k] += dz1[IDX (i, k, lddz1)];

  g->present = BP_GRADS_ALL;
  return 0;
}
