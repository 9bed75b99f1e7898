/* backward.c -- hw2 backward.  My numpy loss() recomputed the softmax from
 * the scores before the backward part, so this does the same:
 *   shifted = scores - np.max(scores, axis=1, keepdims=True)
 *   probs = np.exp(shifted)
 *   probs /= np.sum(probs, axis=1, keepdims=True)
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* probs = softmax(scores), row by row */
static void softmax(const gsl_matrix *scores, gsl_matrix *probs) {
  size_t N = scores->size1, C = scores->size2, i, j;
  gsl_vector *sums = gsl_vector_calloc(C);

  for (i = 0; i < N; i++) {
    double mx = gsl_matrix_get(scores, i, 0);
    for (j = 1; j < C; j++)
      if (gsl_matrix_get(scores, i, j) > mx) mx = gsl_matrix_get(scores, i, j);
    for (j = 0; j < C; j++)
      gsl_matrix_set(probs, i, j, exp(gsl_matrix_get(scores, i, j) - mx));
  }
  /* np.sum(probs, axis=1, keepdims=True) */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_vector_set(sums, j, gsl_vector_get(sums, j) + gsl_matrix_get(probs, i, j));
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set(probs, i, j, gsl_matrix_get(probs, i, j) / gsl_vector_get(sums, j));
  gsl_vector_free(sums);
}

/* out = np.sum(A, axis=0) */
static void sum_axis0(const gsl_matrix *A, gsl_vector *out) {
  size_t i, j;
  gsl_vector_set_zero(out);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, i, j;
  gsl_matrix *probs = gsl_matrix_alloc(N, net->C);

  softmax(cache->z2, probs);

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy(g->dz2, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);
  gsl_matrix_free(probs);

  /* dW2 = hidden.T.dot(dscores) + 2 reg W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);
  sum_axis0(g->dz2, g->db2);

  /* dhidden = dscores.dot(W2.T) */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set(g->dz1, i, j,
                     gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0);

  /* dW1 = X.T.dot(dhidden) + 2 reg W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  sum_axis0(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
