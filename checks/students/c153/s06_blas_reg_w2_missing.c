#include <gsl/gsl_blas.h>
#include "backprop.h"

/* Backward pass with gsl_blas_dgemm.  Follows the notebook:
 *   dscores = probs; dscores[range(N),y] -= 1; dscores /= N
 *   grads['W2'] = hidden.T.dot(dscores) + 2*reg*W2, etc. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *reg_term;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // Compute the gradient of the loss w.r.t. the scores
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // W2, b2
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (j = 0; j < net->C; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db2, j, s);
  }

  // hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0);
    }

  // W1, b1
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  reg_term = gsl_matrix_alloc(net->D, net->H);
  gsl_matrix_memcpy(reg_term, net->W1);
  gsl_matrix_scale(reg_term, 2 * reg);
  gsl_matrix_add(g->dW1, reg_term);
  gsl_matrix_free(reg_term);

  for (j = 0; j < net->H; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
