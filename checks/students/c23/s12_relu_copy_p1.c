// backward pass, HW3 -- Marcus Yee
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define SUMCOLS(A, v) do { gsl_vector_set_zero(v);                     \
    for (size_t r_ = 0; r_ < (A)->size1; r_++) {                         \
      gsl_vector_view row_ = gsl_matrix_row((A), r_);                    \
      gsl_vector_add((v), &row_.vector); } } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_matrix *W2r = gsl_matrix_alloc(net->H, net->C);
  gsl_matrix *W1r = gsl_matrix_alloc(net->D, net->H);
  gsl_matrix *M = gsl_matrix_alloc(N, net->H);

  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  gsl_matrix_memcpy(W2r, net->W2);
  gsl_matrix_scale(W2r, 2 * reg);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add(g->dW2, W2r);
  SUMCOLS(g->dz2, g->db2);

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu'
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set(M, i, j, gsl_matrix_get(cache->z1, i, j) > 0);
  gsl_matrix_memcpy(g->dz1, cache->p1);
  gsl_matrix_mul_elements(g->dz1, M);

  gsl_matrix_memcpy(W1r, net->W1);
  gsl_matrix_scale(W1r, 2 * reg);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add(g->dW1, W1r);
  SUMCOLS(g->dz1, g->db1);

  gsl_matrix_free(W2r); gsl_matrix_free(W1r); gsl_matrix_free(M);
  g->present = BP_GRADS_ALL;
  return 0;
}
