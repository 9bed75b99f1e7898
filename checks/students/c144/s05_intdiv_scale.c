/* hw5_backward.c
 * Backprop for the two-layer net (HW 5, problem 2).
 * Loss in nats, all other quantities dimensionless.
 * Products by BLAS, the elementwise stuff by loops.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  double fac;            /* 1/N, the mean over the batch, eq. (12) */
  double t, s;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  fac = 1 / N;

  /* eq. (12):  dz2 = fac * (prob - onehot(y)) */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++) {
      t = gsl_matrix_get(cache->prob, i, k);
      if (k == y[i]) t -= 1.0e0;
      gsl_matrix_set(g->dz2, i, k, fac * t);
    }

  /* eq. (13):  dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                 2.0e0 * reg, g->dW2);

  /* eq. (14):  db2 = column sums of dz2 */
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, k);
    gsl_vector_set(g->db2, k, s);
  }

  /* eq. (15):  dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* eq. (16):  dz1 = dp1 where z1 > 0, zero elsewhere */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j,
                     gsl_matrix_get(cache->z1, i, j) > 0 ?
                     gsl_matrix_get(g->dp1, i, j) : 0.0);

  /* eq. (17):  dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                 2.0e0 * reg, g->dW1);

  /* eq. (18):  db1 = column sums of dz1 */
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
