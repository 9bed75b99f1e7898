/* backward pass -- I like gsl_vector_view: every dot product below is a
 * gsl_blas_ddot of two views (a row or a column), no index juggling. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double dot;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* softmax grad */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* dW2[j][k] = column j of p1 . column k of dz2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      gsl_vector_const_view pj = gsl_matrix_const_column(cache->p1, j);
      gsl_vector_view dk = gsl_matrix_column(g->dz2, k);
      gsl_blas_ddot(&pj.vector, &dk.vector, &dot);
      gsl_matrix_set(g->dW2, j, k, dot + 2 * reg * gsl_matrix_get(net->W2, j, k));
    }

  /* db2[k] = sum of dz2, as a dot with a vector of ones */
  ones = gsl_vector_alloc(C);
  gsl_vector_set_all(ones, 1.0);
  for (k = 0; k < C; k++) {
    gsl_vector_view r = gsl_matrix_row(g->dz2, k);
    gsl_blas_ddot(&r.vector, ones, &dot);
    gsl_vector_set(g->db2, k, dot);
  }
  gsl_vector_free(ones);

  /* dp1[i][j] = row i of dz2 . row j of W2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      gsl_vector_view di = gsl_matrix_row(g->dz2, i);
      gsl_vector_const_view wj = gsl_matrix_const_row(net->W2, j);
      gsl_blas_ddot(&di.vector, &wj.vector, &dot);
      gsl_matrix_set(g->dp1, i, j, dot);
      gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? dot : 0.0);
    }

  /* dW1[d][j] = column d of X . column j of dz1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++) {
      gsl_vector_const_view xk = gsl_matrix_const_column(X, k);
      gsl_vector_view dj = gsl_matrix_column(g->dz1, j);
      gsl_blas_ddot(&xk.vector, &dj.vector, &dot);
      gsl_matrix_set(g->dW1, k, j, dot + 2 * reg * gsl_matrix_get(net->W1, k, j));
    }

  /* db1[j] = sum of column j of dz1 */
  for (j = 0; j < H; j++) {
    gsl_vector_view cj = gsl_matrix_column(g->dz1, j);
    dot = 0;
    for (i = 0; i < N; i++)
      dot += gsl_vector_get(&cj.vector, i);
    gsl_vector_set(g->db1, j, dot);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
