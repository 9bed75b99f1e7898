/* HW3 -- backward.
 * dp1 by dgemm, then ONE loop that does the relu and db1 together
 * (no second pass over dz1).  Raw pointers, tda for the row step. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  double *db1 = g->db1->data, *db2 = g->db2->data;
  const size_t sb1 = g->db1->stride, sb2 = g->db2->stride;

  if (N != cache->N || N != g->N) return 1;

  /* dz2 = (p - onehot)/N, db2 = colsum */
  for (size_t j = 0; j < C; j++) db2[j*sb2] = 0.0;
  for (size_t i = 0; i < N; i++) {
    double *out = g->dz2->data + i*g->dz2->tda;
    const double *pr = cache->prob->data + i*cache->prob->tda;
    for (size_t j = 0; j < C; j++) {
      out[j] = (pr[j] - (j == y[i])) / (double)N;
      db2[j*sb2] += out[j];
    }
  }

  /* dW2 = p1^T dz2 + 2reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2*reg, g->dW2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu + db1 */
  for (size_t j = 0; j < H; j++) db1[j*sb1] = 0.0;
  for (size_t i = 0; i < N; i++) {
    const double *dp = g->dp1->data + i*g->dp1->tda;
    const double *z  = cache->z1->data + i*cache->z1->tda;
    double *dz = g->dz1->data + i*g->dz1->tda;
    for (size_t j = 0; j < H; j++) {
      dz[j] = z[j] > 0 ? dp[j] : 0.0;
      db1[j*sb1] += dp[j];
    }
  }

  /* dW1 = X^T dz1 + 2reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2*reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
