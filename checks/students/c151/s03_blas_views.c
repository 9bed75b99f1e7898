// backward with blas. everything as matrix ops
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define REP(i, n) for (size_t i = 0; i < (size_t) (n); ++i)
#define CHK(x) do { int e_ = (x); if (e_) return e_; } while (0)

// v = 1' A  (column sums)
static inline int colsum(const gsl_matrix *A, gsl_vector *v)
{
  gsl_vector *one = gsl_vector_alloc(A->size1);
  if (!one) return 1;
  gsl_vector_set_all(one, 1.0);
  int e = gsl_blas_dgemv(CblasTrans, 1.0, A, one, 0.0, v);
  gsl_vector_free(one);
  return e;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1;
  if (n != cache->N || g->N != n || X->size2 != net->D) return 1;

  // dz2 = (prob - Y) / n
  CHK(gsl_matrix_memcpy(g->dz2, cache->prob));
  REP(i, n) *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / (double) n);

  // dW2 = p1' dz2 + 2reg W2   (copy W2 in, beta = 2reg)
  CHK(gsl_matrix_memcpy(g->dW2, net->W2));
  CHK(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2));
  CHK(colsum(g->dz2, g->db2));

  // dp1 = dz2 W2'
  CHK(gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1));

  // dz1 = dp1 * [z1 > 0], row views
  CHK(gsl_matrix_memcpy(g->dz1, g->dp1));
  REP(i, n) {
    gsl_vector_const_view z = gsl_matrix_const_row(cache->z1, i);
    gsl_vector_view d = gsl_matrix_row(g->dz1, i);
    REP(j, z.vector.size) if (gsl_vector_get(&z.vector, j) <= 0) gsl_vector_set(&d.vector, j, 0.0);
  }

  // dW1 = X' dz1 + 2reg W1
  CHK(gsl_matrix_memcpy(g->dW1, net->W1));
  CHK(gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1));
  CHK(colsum(g->dz1, g->db1));

  g->present = BP_GRADS_ALL;
  return 0;
}
