/* ML3 CW2 backward pass.
 * dscores = (probs - Y) / N, then the usual chain rule. */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *dscores = g->dz2;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  /* average over the batch first, then take off the correct class */
  gsl_matrix_memcpy(dscores, cache->prob);
  gsl_matrix_scale(dscores, 1.0 / N);
  for (size_t i = 0; i < N; i++) {
    double d = gsl_matrix_get(dscores, i, y[i]);
    gsl_matrix_set(dscores, i, y[i], d - 1.0);
  }

  /* dW2 = h^T dscores + 2*reg*W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, g->dW2);

  for (size_t c = 0; c < C; c++) {
    gsl_vector_view col = gsl_matrix_column(dscores, c);
    double s = 0;
    for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db2, c, s);
  }

  /* dhidden */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++) {
    for (size_t j = 0; j < H; j++) {
      double z = gsl_matrix_get(cache->z1, i, j);
      gsl_matrix_set(g->dz1, i, j, z > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);
    }
  }

  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  for (size_t j = 0; j < H; j++) {
    gsl_vector_view col = gsl_matrix_column(g->dz1, j);
    double s = 0;
    for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
