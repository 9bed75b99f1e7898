/* backward.c -- backward pass (two-layer net), lab 3
 *
 * check_shapes() validates everything up front, so the body can assume
 * consistent sizes.  Elementwise work goes through row pointers into
 * ->data (rows are ->tda apart); products are BLAS.
 */
#include <stddef.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static int check_shapes(const bp_net *net, const gsl_matrix *X,
                        const bp_cache *cache, const bp_grads *g)
{
  const size_t N = X->size1;
  if (net == NULL || cache == NULL || g == NULL) return GSL_EFAULT;
  if (X->size2 != net->D) return GSL_EBADLEN;
  if (cache->N != N || g->N != N) return GSL_EBADLEN;
  if (cache->z1->size1 != N || cache->z1->size2 != net->H) return GSL_EBADLEN;
  if (cache->prob->size1 != N || cache->prob->size2 != net->C) return GSL_EBADLEN;
  if (g->D != net->D || g->H != net->H || g->C != net->C) return GSL_EBADLEN;
  return GSL_SUCCESS;
}

/* b[j] = sum_i A[i][j] */
static void sum_rows(const gsl_matrix *A, gsl_vector *b)
{
  size_t i, j;
  gsl_vector_set_zero(b);
  for (i = 0; i < A->size1; i++) {
    const double *a = A->data + i * A->tda;
    for (j = 0; j < A->size2; j++)
      b->data[j * b->stride] += a[j];
  }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  int rc;
  size_t i, j;
  size_t N, H, C;

  if ((rc = check_shapes(net, X, cache, g)) != GSL_SUCCESS)
    return rc;
  N = X->size1; H = net->H; C = net->C;

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++) {
    const double *p = cache->prob->data + i * cache->prob->tda;
    double *d = g->dz2->data + i * g->dz2->tda;
    if (y[i] >= C) return GSL_EINVAL;
    for (j = 0; j < C; j++)
      d[j] = p[j] / (double)N;
    d[y[i]] -= 1.0 / (double)N;
  }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  if ((rc = gsl_matrix_memcpy(g->dW2, net->W2)) != GSL_SUCCESS) return rc;
  rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  if (rc != GSL_SUCCESS) return rc;
  sum_rows(g->dz2, g->db2);

  /* dp1 = dz2 W2^T */
  rc = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (rc != GSL_SUCCESS) return rc;

  /* dz1: keep the gradient only where the unit was active */
  for (i = 0; i < N; i++) {
    const double *dp = g->dp1->data + i * g->dp1->tda;
    double *dz = g->dz1->data + i * g->dz1->tda;
    for (j = 0; j < H; j++)
      dz[j] = dp[j] > 0.0 ? dp[j] : 0.0;
  }

  /* dW1 = X^T dz1 + 2 reg W1 */
  if ((rc = gsl_matrix_memcpy(g->dW1, net->W1)) != GSL_SUCCESS) return rc;
  rc = gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  if (rc != GSL_SUCCESS) return rc;
  sum_rows(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return GSL_SUCCESS;
}
