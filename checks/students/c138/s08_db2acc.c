#include <gsl/gsl_blas.h>
#include "backprop.h"

/*
 * backward pass, 2 layer net
 * z1 = XW1+b1, p1 = relu(z1), z2 = p1W2+b2, softmax + cross entropy
 *
 * TODO: tidy up before submitting
 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, h = net->H, c = net->C;
  size_t i, j;
  double sum;

  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;

  // softmax / cross entropy
  for (i = 0; i < n; i++) {
    for (j = 0; j < c; j++) {
      double p = gsl_matrix_get(cache->prob, i, j);
      gsl_matrix_set(g->dz2, i, j, (j == y[i] ? p - 1.0 : p) / n);
    }
  }

  // W2: p1^T * dz2, plus the reg (2*reg*W2 because there is no 0.5)
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                 g->dW2);

  // b2: add up dz2 for each class
  sum = 0.0;
  for (j = 0; j < c; j++) {
    for (i = 0; i < n; i++) {
      sum += gsl_matrix_get(g->dz2, i, j);
    }
    gsl_vector_set(g->db2, j, sum);
  }

  // hidden layer
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < n; i++) {
    for (j = 0; j < h; j++) {
      if (gsl_matrix_get(cache->z1, i, j) > 0) {
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
      } else {
        gsl_matrix_set(g->dz1, i, j, 0.0);
      }
    }
  }

  // W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // b1
  for (j = 0; j < h; j++) {
    sum = 0.0;
    for (i = 0; i < n; i++) {
      sum += gsl_matrix_get(g->dz1, i, j);
    }
    gsl_vector_set(g->db1, j, sum);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
