#include "backprop.h"
#include <gsl/gsl_blas.h>

// backward pass, deep learning foundations hw3
// loops where it is simple, dgemm for matrix products.
// dW1/db1 right after dz1, then the W2 stuff at the end.

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n_samples = X->size1;
  const size_t n_hidden = net->H;
  const size_t n_classes = net->C;

  if (n_samples != cache->N || X->size2 != net->D || g->N != n_samples)
    return 1;

  // dz2 = (softmax - onehot)/N
  for (size_t i = 0; i < n_samples; i++)
    for (size_t c = 0; c < n_classes; c++) {
      double target = (c == y[i]) ? 1.0 : 0.0;
      gsl_matrix_set(g->dz2, i, c, (gsl_matrix_get(cache->prob, i, c) - target) / n_samples);
    }

  // dp1 = dz2 W2^T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1 = dp1 * relu'(z1)
  gsl_matrix *relu_grad = gsl_matrix_calloc(n_samples, n_hidden);
  for (size_t i = 0; i < n_samples; i++)
    for (size_t k = 0; k < n_classes; k++)
      if (gsl_matrix_get(cache->z1, i, k) > 0)
        gsl_matrix_set(relu_grad, i, k, 1.0);
  gsl_matrix_memcpy(g->dz1, g->dp1);
  gsl_matrix_mul_elements(g->dz1, relu_grad);
  gsl_matrix_free(relu_grad);

  // dW1 = X^T dz1 + 2 reg W1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1
  for (size_t k = 0; k < n_hidden; k++) {
    double s = 0.0;
    for (size_t i = 0; i < n_samples; i++) s += gsl_matrix_get(g->dz1, i, k);
    gsl_vector_set(g->db1, k, s);
  }

  // dW2 = p1^T dz2 + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // db2
  for (size_t c = 0; c < n_classes; c++) {
    double s = 0.0;
    for (size_t i = 0; i < n_samples; i++) s += gsl_matrix_get(g->dz2, i, c);
    gsl_vector_set(g->db2, c, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
