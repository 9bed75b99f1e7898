/* backward.c
 * reverse mode AD for
 *     z1 = X.W1 + b1 ; p1 = relu(z1) ; z2 = p1.W2 + b2
 *     L  = mean(-log(softmax(z2))[y]) + reg*(sum(W1^2) + sum(W2^2))
 * adj_* = dL/d*, row views where it is convenient
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i;
  gsl_matrix *adj_z2 = gsl_matrix_alloc(N, C);
  gsl_matrix *adj_p1 = gsl_matrix_alloc(N, H);
  gsl_matrix *adj_z1 = gsl_matrix_alloc(N, H);
  gsl_matrix *mask = gsl_matrix_alloc(N, H);
  gsl_vector *ones = gsl_vector_alloc(N);

  gsl_vector_set_all(ones, 1.0);

  /* L = mean(-log softmax(z2)[y]):  adj_z2 = (softmax - onehot) / N */
  for (i = 0; i < N; i++) {
    gsl_vector_view a = gsl_matrix_row(adj_z2, i);
    gsl_vector_const_view s = gsl_matrix_const_row(cache->z2, i);
    gsl_vector_memcpy(&a.vector, &s.vector);
    gsl_vector_set(&a.vector, y[i], gsl_vector_get(&a.vector, y[i]) - 1.0);
    gsl_vector_scale(&a.vector, 1.0 / N);
  }

  /* z2 = p1.W2 + b2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, adj_z2, 2 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, adj_z2, ones, 0.0, g->db2);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, adj_z2, net->W2, 0.0, adj_p1);

  /* p1 = relu(z1)  ->  mask = [z1 > 0] */
  for (i = 0; i < N * H; i++) {
    size_t r = i / H, c = i % H;
    gsl_matrix_set(mask, r, c, gsl_matrix_get(cache->z1, r, c) > 0 ? 1.0 : 0.0);
  }
  gsl_matrix_memcpy(adj_z1, adj_p1);
  gsl_matrix_mul_elements(adj_z1, mask);

  /* z1 = X.W1 + b1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, adj_z1, 2 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, adj_z1, ones, 0.0, g->db1);

  gsl_matrix_memcpy(g->dz2, adj_z2);
  gsl_matrix_memcpy(g->dp1, adj_p1);
  gsl_matrix_memcpy(g->dz1, adj_z1);

  gsl_matrix_free(adj_z2);
  gsl_matrix_free(adj_p1);
  gsl_matrix_free(adj_z1);
  gsl_matrix_free(mask);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
