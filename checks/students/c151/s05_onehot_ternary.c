// nn backward. loops for the elementwise parts, blas for the products
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define G gsl_matrix_get
#define S gsl_matrix_set

static inline void colsum(const gsl_matrix *A, gsl_vector *v) {
  REP(j, A->size2) { double s = 0; REP(i, A->size1) s += G(A, i, j); gsl_vector_set(v, j, s); }
}

// A = W, A = B' C + 2 r A   (grad of reg*|W|^2 is 2 r W)
static inline void wgrad(const gsl_matrix *B, const gsl_matrix *C, const gsl_matrix *W, double r, gsl_matrix *A) {
  gsl_matrix_memcpy(A, W);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, B, C, 2 * r, A);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, c = net->C;
  if (n != cache->N || g->N != n) return 1;
  const gsl_matrix *P = cache->prob;

  // softmax grad: (p - 1{j==y}) / n
  REP(i, n) REP(j, c) S(g->dz2, i, j, (G(P, i, j) - (j == y[i] ? 0 : 1)) / n);

  wgrad(cache->p1, g->dz2, net->W2, reg, g->dW2);
  colsum(g->dz2, g->db2);

  // back through W2
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu
  REP(i, n) REP(j, h) S(g->dz1, i, j, G(cache->z1, i, j) > 0 ? G(g->dp1, i, j) : 0);

  wgrad(X, g->dz1, net->W1, reg, g->dW1);
  colsum(g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
