// backward pass, two-layer net (assignment 3)
// most of the work is done straight in g, the temporaries are
// t1 (ones, for the column sums), t2 (relu mask) and tmp (weight grads)

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t n, h, c;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_vector *t1 = gsl_vector_alloc(N);
  gsl_matrix *t2 = gsl_matrix_alloc(N, H);
  gsl_matrix *tmp = gsl_matrix_alloc(H, C);
  gsl_vector_set_all(t1, 1.0);

  // dz2: prob, minus 1 at the label, averaged
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (n = 0; n < N; n++) {
    gsl_vector_view row = gsl_matrix_row(g->dz2, n);
    gsl_vector_set(&row.vector, y[n], gsl_vector_get(&row.vector, y[n]) - 1.0);
  }
  gsl_matrix_scale(g->dz2, 1.0 / (double)N);

  // dW2 = p1^T dz2 + 2*reg*W2
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp);
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_matrix_add(g->dW2, tmp);

  // db2: each column of dz2 dotted with ones
  for (c = 0; c < C; c++) {
    gsl_vector_view col = gsl_matrix_column(g->dz2, c);
    gsl_blas_ddot(&col.vector, t1, &s);
    gsl_vector_set(g->db2, c, s);
  }

  // dp1 = dz2 W2^T, straight into g
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1 = dp1 .* mask, mask = 1 where z1 > 0
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set(t2, n, h, gsl_matrix_get(cache->z1, n, h) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, t2);

  // dW1 = X^T dz1 + 2 reg W1   (tmp is H x C, need a D x H one here)
  gsl_matrix *tmp3 = gsl_matrix_alloc(D, H);
  gsl_matrix_memcpy(tmp3, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, tmp3);
  gsl_matrix_memcpy(g->dW1, tmp3);

  // db1, same trick as db2
  for (h = 0; h < H; h++) {
    gsl_vector_view col = gsl_matrix_column(g->dz1, h);
    gsl_blas_ddot(&col.vector, t1, &s);
    gsl_vector_set(g->db1, h, s);
  }

  gsl_vector_free(t1);
  gsl_matrix_free(t2);
  gsl_matrix_free(tmp);
  gsl_matrix_free(tmp3);
  g->present = BP_GRADS_ALL;
  return 0;
}
