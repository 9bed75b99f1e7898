/* backward.c
 *
 * Backward pass of the 2-layer net.  Data part and reg part of each weight
 * gradient are separate matrices and are summed into a third one.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *mm_tn(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size2, B->size2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, R);
  return R;
}

static gsl_matrix *mm_nt(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, B->size1);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, R);
  return R;
}

/* s * A as a new matrix */
static gsl_matrix *scaled(const gsl_matrix *A, double s)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_scale(R, s);
  return R;
}

/* A + B as a new matrix */
static gsl_matrix *sum(const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
  gsl_matrix_memcpy(R, A);
  gsl_matrix_add(R, B);
  return R;
}

static gsl_vector *col_sums(const gsl_matrix *A)
{
  gsl_vector *v = gsl_vector_calloc(A->size2);
  size_t i;
  for (i = 0; i < A->size1; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row(A, i);
    gsl_vector_add(v, &r.vector);
  }
  return v;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  gsl_matrix *dz2 = scaled(cache->prob, 1.0);
  for (i = 0; i < N; i++)
    gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(dz2, 1.0 / N);

  gsl_matrix *dW2_data = mm_tn(cache->p1, dz2);
  gsl_matrix *dW2_reg = scaled(net->W2, 2.0 * reg);
  gsl_matrix *dW2 = sum(dW2_data, dW2_reg);
  gsl_vector *db2 = col_sums(dz2);

  gsl_matrix *dp1 = mm_nt(dz2, net->W2);
  gsl_matrix *dz1 = scaled(dp1, 1.0);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get(cache->z1, i, j) <= 0)
        gsl_matrix_set(dz1, i, j, 0.0);

  gsl_matrix *dW1_data = mm_tn(X, dz1);
  gsl_matrix *dW1_reg = scaled(net->W1, 2.0 * reg);
  gsl_matrix *dW1 = sum(dW1_data, dW1_reg);
  gsl_vector *db1 = col_sums(dz1);

  gsl_matrix_free(dW2_reg);
  gsl_matrix_free(dW1_reg);
  gsl_matrix_free(dW1_data);

  gsl_matrix_memcpy(g->dz2, dz2);
  gsl_matrix_memcpy(g->dW2, dW2_data);
  gsl_vector_memcpy(g->db2, db2);
  gsl_matrix_memcpy(g->dp1, dp1);
  gsl_matrix_memcpy(g->dz1, dz1);
  gsl_matrix_memcpy(g->dW1, dW1);
  gsl_vector_memcpy(g->db1, db1);
  g->present = BP_GRADS_ALL;

  gsl_matrix_free(dz2);
  gsl_matrix_free(dW2_data);
  gsl_matrix_free(dW2);
  gsl_vector_free(db2);
  gsl_matrix_free(dp1);
  gsl_matrix_free(dz1);
  gsl_matrix_free(dW1);
  gsl_vector_free(db1);
  return 0;
}
