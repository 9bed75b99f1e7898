// Homework 3 -- backprop for the 2 layer network
// Row and column views + ddot/dgemv, one row (or one entry) at a time.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n_samples = X->size1;
  size_t n, a, b;
  double dot;

  if (n_samples != cache->N || X->size2 != net->D || g->N != n_samples)
    return 1;

  // dscores: each row is softmax - onehot, scaled by 1/N
  for (n = 0; n < n_samples; n++) {
    gsl_vector_const_view prow = gsl_matrix_const_row(cache->prob, n);
    gsl_vector_view drow = gsl_matrix_row(g->dz2, n);
    gsl_vector_memcpy(&drow.vector, &prow.vector);
    gsl_vector_set(&drow.vector, y[n], gsl_vector_get(&drow.vector, y[n]) - 1.0);
    gsl_vector_scale(&drow.vector, 1.0 / (double) n_samples);
  }

  // dW2[a][b] = (column a of p1) . (column b of dz2) + 2 reg W2[a][b]
  for (a = 0; a < net->H; a++) {
    gsl_vector_const_view pcol = gsl_matrix_const_column(cache->p1, a);
    for (b = 0; b < net->C; b++) {
      gsl_vector_view dcol = gsl_matrix_column(g->dz2, b);
      gsl_blas_ddot(&pcol.vector, &dcol.vector, &dot);
      gsl_matrix_set(g->dW2, a, b, dot + 2 * reg * gsl_matrix_get(net->W2, a, b));
    }
  }

  // db2: add up the rows of dz2
  gsl_vector_set_zero(g->db2);
  for (n = 0; n < n_samples; n++) {
    gsl_vector_view r = gsl_matrix_row(g->dz2, n);
    gsl_vector_add(g->db2, &r.vector);
  }

  // dhidden, one sample at a time: dp1[n] = W2 dz2[n]
  for (n = 0; n < n_samples; n++) {
    gsl_vector_view dzrow = gsl_matrix_row(g->dz2, n);
    gsl_vector_view dprow = gsl_matrix_row(g->dp1, n);
    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dzrow.vector, 0.0, &dprow.vector);
  }

  // back through the relu
  for (n = 0; n < n_samples; n++) {
    gsl_vector_const_view zrow = gsl_matrix_const_row(cache->z1, n);
    gsl_vector_view dprow = gsl_matrix_row(g->dp1, n);
    gsl_vector_view dzrow = gsl_matrix_row(g->dz1, n);
    gsl_vector_memcpy(&dzrow.vector, &dprow.vector);
    for (a = 0; a < net->H; a++)
      if (gsl_vector_get(&zrow.vector, a) <= 0.0)
        gsl_vector_set(&dzrow.vector, a, 0.0);
  }

  // dW1[a][b] = (column a of X) . (column b of dz1) + 2 reg W1[a][b]
  for (a = 0; a < net->D; a++) {
    gsl_vector_const_view xcol = gsl_matrix_const_column(X, a);
    for (b = 0; b < net->H; b++) {
      gsl_vector_view dcol = gsl_matrix_column(g->dz1, b);
      gsl_blas_ddot(&xcol.vector, &dcol.vector, &dot);
      gsl_matrix_set(g->dW1, a, b, dot + 2 * reg * gsl_matrix_get(net->W1, a, b));
    }
  }

  // db1
  gsl_vector_set_zero(g->db1);
  for (n = 0; n < n_samples; n++) {
    gsl_vector_view r = gsl_matrix_row(g->dz1, n);
    gsl_vector_add(g->db1, &r.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
