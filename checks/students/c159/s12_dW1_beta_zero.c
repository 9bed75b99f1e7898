/* backward.c -- backward pass of the 2 layer network
 *
 * temporaries, allocated once:
 *   tmp   N x C    dz2
 *   tmp2  N x H    dp1 -> dz1
 *   t1    H x C    dW2 before it goes into g
 *   t2    D x H    dW1 before it goes into g
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N) return 1;

  gsl_matrix *tmp = gsl_matrix_alloc(N, C);
  gsl_matrix *tmp2 = gsl_matrix_alloc(N, H);
  gsl_matrix *t1 = gsl_matrix_alloc(H, C);
  gsl_matrix *t2 = gsl_matrix_alloc(D, H);
  gsl_vector *ones = gsl_vector_alloc(N);
  gsl_vector_set_all(ones, 1.0);

  /* dz2 = (probs - onehot) / N */
  gsl_matrix_memcpy(tmp, cache->prob);
  for (i = 0; i < N; i++) {
    gsl_matrix_set(tmp, i, y[i], gsl_matrix_get(tmp, i, y[i]) - 1.0);
  }
  gsl_matrix_scale(tmp, 1.0 / N);
  gsl_matrix_memcpy(g->dz2, tmp);

  /* dW2: start from 2 reg W2, add p1^T dz2 on top */
  gsl_matrix_memcpy(t1, net->W2);
  gsl_matrix_scale(t1, 2.0 * reg);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, tmp, 1.0, t1);
  gsl_matrix_memcpy(g->dW2, t1);

  /* db2 */
  gsl_blas_dgemv(CblasTrans, 1.0, tmp, ones, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, tmp, net->W2, 0.0, tmp2);
  gsl_matrix_memcpy(g->dp1, tmp2);

  /* relu backward */
  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) <= 0) gsl_matrix_set(tmp2, i, j, 0.0);
    }
  }
  gsl_matrix_memcpy(g->dz1, tmp2);

  /* dW1: same as dW2, 2 reg W1 first then X^T dz1 */
  gsl_matrix_memcpy(t2, net->W1);
  gsl_matrix_scale(t2, 2.0 * reg);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, tmp2, 0.0, t2);
  gsl_matrix_memcpy(g->dW1, t2);

  /* db1 */
  gsl_blas_dgemv(CblasTrans, 1.0, tmp2, ones, 0.0, g->db1);

  gsl_matrix_free(tmp);
  gsl_matrix_free(tmp2);
  gsl_matrix_free(t1);
  gsl_matrix_free(t2);
  gsl_vector_free(ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
