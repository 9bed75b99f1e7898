/* backward.c -- Lab 3, backward pass.
 * All three products with cblas_dgemm straight on the GSL buffers.
 * Reg term: dW starts as a copy of W and dgemm gets beta = 2*reg. */

#include <string.h>
#include <gsl/gsl_cblas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const int N = (int)X->size1, D = (int)net->D, H = (int)net->H, C = (int)net->C;
  const double inv_n = 1.0 / N, two_reg = 2.0 * reg;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  const int l_dz2 = (int)g->dz2->tda, l_dp1 = (int)g->dp1->tda, l_dz1 = (int)g->dz1->tda;
  int i, j;

  if ((size_t)N != cache->N || X->size2 != net->D || g->N != (size_t)N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++) {
    const double *p = cache->prob->data + i * cache->prob->tda;
    double *d = dz2 + i * l_dz2;
    for (j = 0; j < C; j++)
      d[j] = p[j] * inv_n;
    d[y[i]] -= inv_n;
  }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    memcpy(g->dW2->data + j * g->dW2->tda, net->W2->data + j * net->W2->tda,
           C * sizeof(double));
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, H, C, N, 1.0,
              cache->p1->data, (int)cache->p1->tda, dz2, l_dz2,
              two_reg, g->dW2->data, (int)g->dW2->tda);

  /* db2 */
  memset(g->db2->data, 0, C * sizeof(double));
  for (i = 0; i < N; i++) {
    const double *d = dz2 + i * l_dz2;
    for (j = 0; j < C; j++)
      g->db2->data[j] += d[j];
  }

  /* dp1 = dz2 W2^T   (N x C times C x H) */
  cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, N, H, C, 1.0,
              dz2, l_dz2, net->W2->data, H, 0.0, dp1, l_dp1);

  /* dz1, db1 */
  memset(g->db1->data, 0, H * sizeof(double));
  for (i = 0; i < N; i++) {
    const double *z = cache->z1->data + i * cache->z1->tda;
    const double *dp = dp1 + i * l_dp1;
    double *dz = dz1 + i * l_dz1;
    for (j = 0; j < H; j++) {
      dz[j] = z[j] > 0.0 ? dp[j] : 0.0;
      g->db1->data[j] += dz[j];
    }
  }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (j = 0; j < D; j++)
    memcpy(g->dW1->data + j * g->dW1->tda, net->W1->data + j * net->W1->tda,
           H * sizeof(double));
  cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, D, H, N, 1.0,
              X->data, (int)X->tda, dz1, l_dz1,
              two_reg, g->dW1->data, (int)g->dW1->tda);

  g->present = BP_GRADS_ALL;
  return 0;
}
