/* backward.c
 *
 * numpy -> C, one numpy statement at a time (numpy in the comments).
 * Uses gsl views for rows/cols like numpy slicing.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, j;

  if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

  gsl_matrix *dscores = gsl_matrix_alloc(N, net->C);
  gsl_matrix *dhidden = gsl_matrix_alloc(N, net->H);

  // dscores = probs.copy()
  gsl_matrix_memcpy(dscores, cache->prob);
  // dscores[np.arange(N), y] -= 1
  for (n = 0; n < N; n++) {
    gsl_vector_view row = gsl_matrix_row(dscores, n);
    gsl_vector_set(&row.vector, y[n], gsl_vector_get(&row.vector, y[n]) - 1.0);
  }
  // dscores /= N            (multiply by 1/N instead, faster)
  double inv_N = 1 / N;
  gsl_matrix_scale(dscores, inv_N);
  gsl_matrix_memcpy(g->dz2, dscores);

  // grads['W2'] = np.dot(hidden.T, dscores) + 2 * reg * W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, g->dW2);

  // grads['b2'] = np.sum(dscores, axis=0)
  for (j = 0; j < net->C; j++) {
    gsl_vector_view col = gsl_matrix_column(dscores, j);
    double s = 0.0;
    for (n = 0; n < N; n++) s += gsl_vector_get(&col.vector, n);
    gsl_vector_set(g->db2, j, s);
  }

  // dhidden = np.dot(dscores, W2.T)
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
  gsl_matrix_memcpy(g->dp1, dhidden);

  // dhidden[hidden <= 0] = 0
  for (n = 0; n < N; n++) {
    gsl_vector_const_view hrow = gsl_matrix_const_row(cache->p1, n);
    gsl_vector_view drow = gsl_matrix_row(dhidden, n);
    for (j = 0; j < net->H; j++)
      if (gsl_vector_get(&hrow.vector, j) <= 0.0) gsl_vector_set(&drow.vector, j, 0.0);
  }
  gsl_matrix_memcpy(g->dz1, dhidden);

  // grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);

  // grads['b1'] = np.sum(dhidden, axis=0)
  for (j = 0; j < net->H; j++) {
    gsl_vector_view col = gsl_matrix_column(dhidden, j);
    double s = 0.0;
    for (n = 0; n < N; n++) s += gsl_vector_get(&col.vector, n);
    gsl_vector_set(g->db1, j, s);
  }

  gsl_matrix_free(dscores);
  gsl_matrix_free(dhidden);
  g->present = BP_GRADS_ALL;
  return 0;
}
