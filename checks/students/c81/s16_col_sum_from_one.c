// HW2 backward.  Uses my own "mx" mini library from HW1.
// mx_* functions return a NEW matrix/vector (caller frees), like numpy.
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

// op(A) * op(B), new matrix
gsl_matrix *mx_mul(const gsl_matrix *A, int ta, const gsl_matrix *B, int tb)
{
  size_t r = ta ? A->size2 : A->size1;
  size_t c = tb ? B->size1 : B->size2;
  gsl_matrix *out = gsl_matrix_alloc(r, c);
  gsl_blas_dgemm(ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans,
                 1.0, A, B, 0.0, out);
  return out;
}

// sum over the rows (one number per column), new vector
gsl_vector *mx_col_sum(const gsl_matrix *A)
{
  gsl_vector *s = gsl_vector_alloc(A->size2);
  gsl_matrix_get_row(s, A, 0);
  for (size_t i = 0; i < A->size1; i++)
  {
    gsl_vector_const_view row = gsl_matrix_const_row(A, i);
    gsl_vector_add(s, &row.vector);
  }
  return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / N);

  gsl_matrix *t = mx_mul(cache->p1, 1, g->dz2, 0);
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2 * reg);
  gsl_matrix_add(g->dW2, t);
  gsl_matrix_free(t);

  gsl_vector *s = mx_col_sum(g->dz2);
  gsl_vector_memcpy(g->db2, s);
  gsl_vector_free(s);

  t = mx_mul(g->dz2, 0, net->W2, 1);
  gsl_matrix_memcpy(g->dp1, t);
  gsl_matrix_free(t);

  gsl_matrix_memcpy(g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get(cache->z1, i, j) <= 0)
        gsl_matrix_set(g->dz1, i, j, 0.0);

  t = mx_mul(X, 1, g->dz1, 0);
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2 * reg);
  gsl_matrix_add(g->dW1, t);
  gsl_matrix_free(t);

  s = mx_col_sum(g->dz1);
  gsl_vector_memcpy(g->db1, s);
  gsl_vector_free(s);

  g->present = BP_GRADS_ALL;
  return 0;
}
