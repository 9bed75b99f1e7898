// backward for the 2 layer net
// dW = A^T dZ + reg part, helper does the reg part for both layers
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G gsl_matrix_get
#define S gsl_matrix_set

// d/dW of reg*|W|^2
static inline void addreg(gsl_matrix *dW, const gsl_matrix *W, double r) {
  REP(i, W->size1) REP(j, W->size2) S(dW, i, j, G(dW, i, j) + r * G(W, i, j));
}

static inline void colsum(const gsl_matrix *A, gsl_vector *v) {
  gsl_vector_set_zero(v);
  REP(i, A->size1) REP(j, A->size2) *gsl_vector_ptr(v, j) += G(A, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || g->N != n || X->size2 != net->D) return 1;

  // dz2
  REP(i, n) REP(j, c) S(g->dz2, i, j, (G(cache->prob, i, j) - (y[i] == j)) / n);

  // layer 2
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  addreg(g->dW2, net->W2, reg);
  colsum(g->dz2, g->db2);
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu
  REP(i, n) REP(j, h) {
    double z = G(cache->z1, i, j);
    S(g->dz1, i, j, z > 0 ? G(g->dp1, i, j) : 0.0);
  }

  // layer 1
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  addreg(g->dW1, net->W1, reg);
  colsum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
