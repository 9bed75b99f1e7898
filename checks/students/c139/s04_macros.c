// TP backprop -- Hugo Perrin, 2A
// Remarques :
//  - je recalcule le softmax a partir de z2 (version stable, on retire le max)
//  - le masque de la ReLU est pris sur p1 (p1 > 0 <=> z1 > 0)
//  - les biais sont obtenus avec un vecteur de uns et gsl_blas_dgemv

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g) {
  size_t n = X->size1, nc = net->C, nh = net->H;
  size_t i, j;
  gsl_vector *uns;
  gsl_matrix *tmp;

  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;

  // softmax recalcule, puis gradient de la perte moyenne
  for (i = 0; i < n; i++) {
    double mx = M(cache->z2, i, 0), s = 0.0;
    for (j = 1; j < nc; j++)
      if (M(cache->z2, i, j) > mx) mx = M(cache->z2, i, j);
    for (j = 0; j < nc; j++) s += exp(M(cache->z2, i, j) - mx);
    for (j = 0; j < nc; j++) {
      double p = exp(M(cache->z2, i, j) - mx) / s;
      M(g->dz2, i, j) = (p - (j == y[i])) / n;
    }
  }

  uns = gsl_vector_alloc(n);
  gsl_vector_set_all(uns, 1.0);

  // dW2 = p1^T dz2 (dans tmp), puis + 2 reg W2
  tmp = gsl_matrix_alloc(nh, nc);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmp);
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_matrix_scale(g->dW2, 2.0 * reg);
  gsl_matrix_add(g->dW2, tmp);
  gsl_matrix_free(tmp);

  // db2 = dz2^T * 1
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, uns, 0.0, g->db2);

  // dp1 = dz2 W2^T
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1 : masque sur p1
  for (i = 0; i < n; i++)
    for (j = 0; j < nh; j++)
      M(g->dz1, i, j) = M(cache->p1, i, j) > 0.0 ? M(g->dp1, i, j) : 0.0;

  // dW1 = X^T dz1 + 2 reg W1
  tmp = gsl_matrix_alloc(net->D, nh);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, tmp);
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_matrix_scale(g->dW1, 2.0 * reg);
  gsl_matrix_add(g->dW1, tmp);
  gsl_matrix_free(tmp);

  // db1 = dz1^T * 1
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, uns, 0.0, g->db1);

  gsl_vector_free(uns);
  g->present = BP_GRADS_ALL;
  return 0;
}
