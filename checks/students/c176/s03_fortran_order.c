/*
 * backward pass -- column-major scratch arrays, Fortran style.
 *
 * GSL is row-major; I am not.  Every intermediate lives in a plain double
 * array in column-major order, CM(a,i,j,ld) = a[i + j*ld], ld = number of
 * rows.  GSL data is read through ->data and ->tda.  At the end the
 * results are written back row-major into g.
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define CM(a, i, j, ld) ((a)[(i) + (j) * (ld)])
#define RM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double *dz2, *dp1, *dz1;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  dz2 = malloc(N * C * sizeof(double));   /* N x C, ld N */
  dp1 = malloc(N * H * sizeof(double));   /* N x H, ld N */
  dz1 = malloc(N * H * sizeof(double));
  if (!dz2 || !dp1 || !dz1) {
    free(dz2); free(dp1); free(dz1);
    return 1;
  }

  /* dz2 */
  for (j = 0; j < C; j++)
    for (i = 0; i < N; i++)
      CM(dz2, i, j, N) = (RM(cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0)) / N;

  /* dW2(H,C) = p1' dz2 + 2 reg W2, column by column */
  for (j = 0; j < C; j++)
    for (k = 0; k < H; k++) {
      double s = 0.0;
      for (i = 0; i < N; i++) s += RM(cache->p1, i, k) * CM(dz2, i, j, N);
      RM(g->dW2, k, j) = s + 2.0 * reg * RM(net->W2, k, j);
    }

  /* db2 */
  for (j = 0; j < C; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++) s += CM(dz2, i, j, N);
    g->db2->data[j * g->db2->stride] = s;
  }

  /* dp1(N,H) = dz2 W2' */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++) {
      double s = 0.0;
      for (j = 0; j < C; j++) s += CM(dz2, i, j, N) * RM(net->W2, k, j);
      CM(dp1, i, k, N) = s;
    }

  /* dz1 */
  for (k = 0; k < H; k++)
    for (i = 0; i < N; i++)
      CM(dz1, i, k, N) = RM(cache->z1, i, k) > 0.0 ? CM(dp1, i, k, N) : 0.0;

  /* dW1(D,H) = X' dz1 + 2 reg W1 */
  for (k = 0; k < H; k++)
    for (j = 0; j < D; j++) {
      double s = 0.0;
      for (i = 0; i < N; i++) s += RM(X, i, j) * CM(dz1, i, k, N);
      RM(g->dW1, j, k) = s + 2.0 * reg * RM(net->W1, j, k);
    }

  /* db1 */
  for (k = 0; k < H; k++) {
    double s = 0.0;
    for (i = 0; i < N; i++) s += CM(dz1, i, k, N);
    g->db1->data[k * g->db1->stride] = s;
  }

  /* copy the column-major intermediates out */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) RM(g->dz2, i, j) = CM(dz2, i, j, N);
    for (k = 0; k < H; k++) {
      RM(g->dp1, i, k) = CM(dp1, i, k, N);
      RM(g->dz1, i, k) = CM(dz1, i, k, N);
    }
  }

  free(dz2);
  free(dp1);
  free(dz1);
  g->present = BP_GRADS_ALL;
  return 0;
}
