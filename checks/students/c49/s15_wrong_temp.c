/* backward.c -- Machine learning, Assignment 3 (backprop)
 * Each step is computed in its own named temporary so that I can print
 * them while debugging (the printfs are removed now).
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
mat_mul(const gsl_matrix *A, CBLAS_TRANSPOSE_t tA, const gsl_matrix *B, CBLAS_TRANSPOSE_t tB)
{
  size_t m = (tA == CblasTrans) ? A->size2 : A->size1;
  size_t n = (tB == CblasTrans) ? B->size1 : B->size2;
  gsl_matrix *R = gsl_matrix_alloc(m, n);
  gsl_blas_dgemm(tA, tB, 1.0, A, B, 0.0, R);
  return R;
}

static gsl_matrix *
mat_scaled(const gsl_matrix *A, double s)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_scale(R, s);
  return R;
}

static gsl_matrix *
mat_plus(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_add(R, B);
  return R;
}

static gsl_matrix *
mat_relu_mask(const gsl_matrix *Z)
{
  gsl_matrix *R = gsl_matrix_calloc(Z->size1, Z->size2);
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      if (gsl_matrix_get(Z, i, j) > 0.0)
        gsl_matrix_set(R, i, j, 1.0);
  return R;
}

static gsl_matrix *
mat_hadamard(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_mul_elements(R, B);
  return R;
}

static gsl_vector *
mat_colsum(const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_alloc(A->size2);
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double t = 0.0;
    for (i = 0; i < A->size1; i++)
      t += gsl_matrix_get(A, i, j);
    gsl_vector_set(s, j, t);
  }
  return s;
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* scores -> dz2 */
  gsl_matrix *onehot = gsl_matrix_calloc(N, net->C);
  for (i = 0; i < N; i++)
    gsl_matrix_set(onehot, i, y[i], 1.0);
  gsl_matrix *diff = mat_plus(cache->prob, mat_scaled(onehot, -1.0));
  gsl_matrix *dz2  = mat_scaled(diff, 1.0 / (double) N);

  /* layer 2 */
  gsl_matrix *data_W2 = mat_mul(cache->p1, CblasTrans, dz2, CblasNoTrans);
  gsl_matrix *reg_W2  = mat_scaled(net->W2, 2.0 * reg);
  gsl_matrix *dW2     = mat_plus(data_W2, reg_W2);
  gsl_vector *db2     = mat_colsum(dz2);

  /* hidden */
  gsl_matrix *dp1  = mat_mul(dz2, CblasNoTrans, net->W2, CblasTrans);
  gsl_matrix *mask = mat_relu_mask(cache->z1);
  gsl_matrix *dz1  = mat_hadamard(dp1, mask);

  /* layer 1 */
  gsl_matrix *data_W1 = mat_mul(X, CblasTrans, dz1, CblasNoTrans);
  gsl_matrix *reg_W1  = mat_scaled(net->W1, 2.0 * reg);
  gsl_matrix *dW1     = mat_plus(data_W1, reg_W1);
  gsl_vector *db1     = mat_colsum(dz1);

  /* results */
  gsl_matrix_memcpy(g->dz2, dz2);
  gsl_matrix_memcpy(g->dW2, dW2);
  gsl_vector_memcpy(g->db2, db2);
  gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, data_W1);
  gsl_vector_memcpy(g->db1, db1);

  gsl_matrix_free(onehot); gsl_matrix_free(diff); gsl_matrix_free(dz2);
  gsl_matrix_free(data_W2); gsl_matrix_free(reg_W2); gsl_matrix_free(dW2);
  gsl_vector_free(db2); gsl_matrix_free(dp1); gsl_matrix_free(mask);
  gsl_matrix_free(dz1); gsl_matrix_free(data_W1); gsl_matrix_free(reg_W1);
  gsl_matrix_free(dW1); gsl_vector_free(db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
