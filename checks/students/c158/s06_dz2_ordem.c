// Redes Neurais - Trabalho 2
// Gabriel Henrique Rocha
// backward da rede de duas camadas

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1;
  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;

  gsl_matrix *dscores = g->dz2;

  // dscores = probs / N, e depois tira 1 da classe correta
  gsl_matrix_memcpy(dscores, cache->prob);
  gsl_matrix_scale(dscores, 1.0 / n);
  for (size_t i = 0; i < n; i++) {
    double v = gsl_matrix_get(dscores, i, y[i]);
    gsl_matrix_set(dscores, i, y[i], v - 1.0);
  }

  // dW2 = h^T dscores, mais a regularizacao
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
  gsl_matrix *tmp = gsl_matrix_alloc(net->H, net->C);
  gsl_matrix_memcpy(tmp, net->W2);
  gsl_matrix_scale(tmp, 2 * reg);
  gsl_matrix_add(g->dW2, tmp);
  gsl_matrix_free(tmp);

  // db2
  for (size_t k = 0; k < net->C; k++) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += gsl_matrix_get(dscores, i, k);
    gsl_vector_set(g->db2, k, s);
  }

  // dhidden = dscores W2^T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

  // zera onde a relu cortou
  for (size_t i = 0; i < n; i++) {
    for (size_t j = 0; j < net->H; j++) {
      if (gsl_matrix_get(cache->z1, i, j) <= 0)
        gsl_matrix_set(g->dz1, i, j, 0.0);
      else
        gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
    }
  }

  // dW1 = X^T dhidden + 2 reg W1
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (size_t a = 0; a < net->D; a++)
    for (size_t b = 0; b < net->H; b++)
      gsl_matrix_set(g->dW1, a, b, gsl_matrix_get(g->dW1, a, b) + 2 * reg * gsl_matrix_get(net->W1, a, b));

  // db1
  for (size_t j = 0; j < net->H; j++) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += gsl_matrix_get(g->dz1, i, j);
    gsl_vector_set(g->db1, j, s);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
