/* Bolanle T. -- lab 3 backward pass
   regularisation on the weights: dW += 2*reg*W */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double s;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(g->dz2, i, j, (gsl_matrix_get(cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N);

  /* W2, b2 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      *gsl_matrix_ptr(g->dW2, i, j) += 2.0 * reg * gsl_matrix_get(net->W2, i, j);
  for (j = 0; j < C; j++) {
    s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz2, i, j);
    gsl_vector_set(g->db2, j, s);
  }

  /* dp1, dz1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

  /* W1, b1 */
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < H; j++)
      *gsl_matrix_ptr(g->dW1, i, j) += 2.0 * reg * gsl_matrix_get(net->W1, i, j);
  for (j = 0; j < H; j++) {
    s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s + 2.0 * reg * gsl_vector_get(net->b1, j));
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
