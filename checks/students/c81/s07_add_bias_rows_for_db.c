/* CS-A2  backward pass.  Library functions are the ones from A1
 * (layers.c), copied in. */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* out = op(A) * op(B) */
void matmul_into(const gsl_matrix *A, int tA, const gsl_matrix *B, int tB,
                 gsl_matrix *out)
{
  gsl_blas_dgemm(tA ? CblasTrans : CblasNoTrans, tB ? CblasTrans : CblasNoTrans,
                 1.0, A, B, 0.0, out);
}

/* Z[i][:] += b  for every row i   (forward of the affine layer) */
void add_bias_rows(gsl_matrix *Z, const gsl_vector *b)
{
  for (size_t i = 0; i < Z->size1; i++) {
    gsl_vector_view r = gsl_matrix_row(Z, i);
    gsl_vector_add(&r.vector, b);
  }
}

/* column sums */
void col_sum(const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector_set_zero(s);
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      *gsl_vector_ptr(s, j) += gsl_matrix_get(A, i, j);
}

/* W_grad += 2*lambda*W */
void l2_grad(gsl_matrix *dW, const gsl_matrix *W, double lambda)
{
  gsl_matrix_const_view v = gsl_matrix_const_submatrix(W, 0, 0, W->size1, W->size2);
  for (size_t i = 0; i < dW->size1; i++)
    for (size_t j = 0; j < dW->size2; j++)
      *gsl_matrix_ptr(dW, i, j) += 2.0 * lambda * gsl_matrix_get(&v.matrix, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  matmul_into(cache->p1, 1, g->dz2, 0, g->dW2);
  l2_grad(g->dW2, net->W2, reg);

  /* b2 was added to every row in the forward pass -> same op backwards */
  gsl_vector_set_zero(g->db2);
  add_bias_rows(g->dz2, g->db2);

  matmul_into(g->dz2, 0, net->W2, 1, g->dp1);

  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0
                                     ? gsl_matrix_get(g->dp1, i, j) : 0.0);

  matmul_into(X, 1, g->dz1, 0, g->dW1);
  l2_grad(g->dW1, net->W1, reg);
  col_sum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
