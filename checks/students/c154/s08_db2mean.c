/* ML coursework: backward pass of the 2-layer net (CW2 part 2)
 *
 * Uses dgemm for the big products and loops for the rest.
 * Bias gradients are the average of the upstream gradient over the batch.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double total;

  /* --- output layer --- */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++) {
      double v = gsl_matrix_get(cache->prob, i, j);
      if (j == y[i]) v -= 1.0;
      gsl_matrix_set(g->dz2, i, j, v / (double)N);
    }
  }

  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  for (j = 0; j < C; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
    total = 0.0;
    for (i = 0; i < N; i++) total += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db2, j, total / (double)N);
  }

  /* --- hidden layer --- */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++) {
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0)
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      else
        gsl_matrix_set(g->dz1, i, j, 0);
    }
  }

  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (j = 0; j < H; j++) {
    gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, j);
    total = 0.0;
    for (i = 0; i < N; i++) total += gsl_vector_get(&col.vector, i);
    gsl_vector_set(g->db1, j, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
