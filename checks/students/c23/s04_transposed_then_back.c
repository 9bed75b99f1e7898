/*
 * Two-layer net backward (HW 3)
 * Author: M. Delacroix
 * Note: I find it easier to think of the weight gradients transposed
 * (dW^T = dZ^T A), so I compute those and transpose_memcpy back.
 * Softmax via log-sum-exp from z2, the cached prob is not used.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

static void col_sums(const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++) {
    gsl_vector_const_view c = gsl_matrix_const_column(A, j);
    gsl_vector_set(out, j, gsl_vector_sum(&c.vector));
  }
}

static void weight_grad(const gsl_matrix *A, const gsl_matrix *dZ,
                        const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_matrix *t = gsl_matrix_alloc(dZ->size2, A->size2);    /* dW^T */
  gsl_matrix *r = gsl_matrix_alloc(W->size1, W->size2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, dZ, A, 0.0, t);
  gsl_matrix_transpose_memcpy(dW, t);
  gsl_matrix_memcpy(r, W);
  gsl_matrix_scale(r, 2.0 * reg);
  gsl_matrix_add(dW, r);
  gsl_matrix_free(t);
  gsl_matrix_free(r);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  gsl_matrix *mask, *t;

  for (i = 0; i < N; i++) {
    double m = gsl_matrix_get(cache->z2, i, 0), lse = 0;
    for (j = 1; j < net->C; j++)
      if (gsl_matrix_get(cache->z2, i, j) > m) m = gsl_matrix_get(cache->z2, i, j);
    for (j = 0; j < net->C; j++)
      lse += exp(gsl_matrix_get(cache->z2, i, j) - m);
    lse = m + log(lse);
    for (j = 0; j < net->C; j++)
      gsl_matrix_set(g->dz2, i, j,
                     (exp(gsl_matrix_get(cache->z2, i, j) - lse) - (j == y[i])) / N);
  }

  weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
  col_sums(g->dz2, g->db2);

  /* dp1^T = W2 dz2^T */
  t = gsl_matrix_alloc(net->H, N);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, t);
  gsl_matrix_transpose_memcpy(g->dp1, t);
  gsl_matrix_free(t);

  mask = gsl_matrix_calloc(N, net->H);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get(cache->z1, i, j) > 0) gsl_matrix_set(mask, i, j, 1.0);
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, mask);
  gsl_matrix_free(mask);

  weight_grad(X, g->dz1, net->W1, reg, g->dW1);
  col_sums(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
