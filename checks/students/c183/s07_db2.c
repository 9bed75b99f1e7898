#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

/* Backward pass, one example at a time.
 * (Jonas + Mira, exercise sheet 6) */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  double scale = 1.0 / (double)N;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  gsl_matrix_set_zero(g->dW1);
  gsl_matrix_set_zero(g->dW2);
  gsl_vector_set_zero(g->db1);
  gsl_vector_set_zero(g->db2);

  for (size_t n = 0; n < N; n++) {
    gsl_vector_const_view x  = gsl_matrix_const_row(X, n);
    gsl_vector_const_view pr = gsl_matrix_const_row(cache->prob, n);
    gsl_vector_const_view a  = gsl_matrix_const_row(cache->p1, n);
    gsl_vector_const_view z  = gsl_matrix_const_row(cache->z1, n);
    gsl_vector_view dz2 = gsl_matrix_row(g->dz2, n);
    gsl_vector_view dp1 = gsl_matrix_row(g->dp1, n);
    gsl_vector_view dz1 = gsl_matrix_row(g->dz1, n);

    // softmax + cross entropy: p - 1 at the label, mean over batch
    for (size_t c = 0; c < net->C; c++) {
      double v = gsl_vector_get(&pr.vector, c) - (c == y[n] ? 1.0 : 0.0);
      gsl_vector_set(&dz2.vector, c, v * scale);
    }

    gsl_blas_dger(1.0, &a.vector, &dz2.vector, g->dW2);
    gsl_blas_daxpy(scale, &pr.vector, g->db2);

    gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0, &dp1.vector);

    // relu gate
    for (size_t h = 0; h < net->H; h++) {
      double d = gsl_vector_get(&dp1.vector, h);
      gsl_vector_set(&dz1.vector, h, gsl_vector_get(&z.vector, h) > 0 ? d : 0.0);
    }

    gsl_blas_dger(1.0, &x.vector, &dz1.vector, g->dW1);
    gsl_blas_daxpy(1.0, &dz1.vector, g->db1);
  }

  // L2: d(reg*||W||^2)/dW = 2*reg*W
  for (size_t r = 0; r < net->H; r++) {
    gsl_vector_view dw = gsl_matrix_row(g->dW2, r);
    gsl_vector_const_view w = gsl_matrix_const_row(net->W2, r);
    gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
  }
  for (size_t r = 0; r < net->D; r++) {
    gsl_vector_view dw = gsl_matrix_row(g->dW1, r);
    gsl_vector_const_view w = gsl_matrix_const_row(net->W1, r);
    gsl_blas_daxpy(2.0 * reg, &w.vector, &dw.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
