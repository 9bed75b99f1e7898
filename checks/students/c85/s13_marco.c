/* Lab 5 -- backward pass of the two-layer net
 * Marco L.
 *
 * did it like the numpy version from lecture:
 *   dhidden = dscores.dot(W2.T)
 *   dhidden[hidden <= 0] = 0
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  /* TODO: compute dscores */
  gsl_matrix_memcpy(dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
  gsl_matrix_scale(dscores, 1.0 / N);

  /* TODO: backprop into W2 and b2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, g->dW2);
  for (j = 0; j < C; j++) {
    double s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(dscores, i, j);
    gsl_vector_set(g->db2, j, s);
  }

  /* TODO: backprop into the hidden layer */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

  /* TODO: ReLU */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get(cache->p1, i, j) <= 0)
        gsl_matrix_set(dhidden, i, j, 0);
  gsl_matrix_memcpy(g->dz1, dhidden);

  /* TODO: backprop into W1 and b1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  for (j = 0; j < H; j++) {
    double s = 0;
    for (i = 0; i < N; i++) s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
