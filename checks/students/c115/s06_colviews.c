/* backward.c -- lab 3
 * all products as dot products of columns / rows (gsl_blas_ddot)
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, j, k, d;
  double acc;
  gsl_vector *one;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  one = gsl_vector_alloc(N);
  gsl_vector_set_all(one, 1.0);

  /* dL/dscores */
  for (n = 0; n < N; n++) {
    for (k = 0; k < C; k++) {
      double v = gsl_matrix_get(cache->prob, n, k) - (k == y[n] ? 1.0 : 0.0);
      gsl_matrix_set(g->dz2, n, k, v / (double) N);
    }
  }

  /* dW2(j,k) = sum_n h(n,j) dscores(n,k) */
  for (j = 0; j < H; j++) {
    gsl_vector_const_view hcol = gsl_matrix_const_column(cache->z1, j);
    for (k = 0; k < C; k++) {
      gsl_vector_view scol = gsl_matrix_column(g->dz2, k);
      gsl_blas_ddot(&hcol.vector, &scol.vector, &acc);
      gsl_matrix_set(g->dW2, j, k, acc + 2 * reg * gsl_matrix_get(net->W2, j, k));
    }
  }

  /* db2(k) = sum_n dscores(n,k) */
  for (k = 0; k < C; k++) {
    gsl_vector_view scol = gsl_matrix_column(g->dz2, k);
    gsl_blas_ddot(&scol.vector, one, &acc);
    gsl_vector_set(g->db2, k, acc);
  }

  /* dhidden(n,j) = sum_k dscores(n,k) W2(j,k) */
  for (n = 0; n < N; n++) {
    gsl_vector_view srow = gsl_matrix_row(g->dz2, n);
    for (j = 0; j < H; j++) {
      gsl_vector_const_view wrow = gsl_matrix_const_row(net->W2, j);
      gsl_blas_ddot(&srow.vector, &wrow.vector, &acc);
      gsl_matrix_set(g->dp1, n, j, acc);
    }
  }

  /* through the relu */
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, n, j,
                     gsl_matrix_get(cache->z1, n, j) > 0 ? gsl_matrix_get(g->dp1, n, j) : 0);

  /* dW1(d,j) = sum_n X(n,d) dz1(n,j) */
  for (d = 0; d < D; d++) {
    gsl_vector_const_view xcol = gsl_matrix_const_column(X, d);
    for (j = 0; j < H; j++) {
      gsl_vector_view zcol = gsl_matrix_column(g->dz1, j);
      gsl_blas_ddot(&xcol.vector, &zcol.vector, &acc);
      gsl_matrix_set(g->dW1, d, j, acc + 2 * reg * gsl_matrix_get(net->W1, d, j));
    }
  }

  for (j = 0; j < H; j++) {
    gsl_vector_view zcol = gsl_matrix_column(g->dz1, j);
    gsl_blas_ddot(&zcol.vector, one, &acc);
    gsl_vector_set(g->db1, j, acc);
  }

  gsl_vector_free(one);
  g->present = BP_GRADS_ALL;
  return 0;
}
