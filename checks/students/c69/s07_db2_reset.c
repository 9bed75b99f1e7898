#include <gsl/gsl_blas.h>
#include "backprop.h"

#define G(m,i,j) gsl_matrix_get(m,i,j)
#define S(m,i,j,v) gsl_matrix_set(m,i,j,v)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, j;
  double s;

  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++) S(g->dz2, i, y[i], G(g->dz2, i, y[i]) - 1);
  gsl_matrix_scale(g->dz2, 1.0 / N);

  // dW2 = h^T dscores + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  s = 0; for (j = 0; j < C; j++) { for (i = 0; i < N; i++) s += G(g->dz2, i, j); gsl_vector_set(g->db2, j, s); }

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++) for (j = 0; j < H; j++) S(g->dz1, i, j, G(cache->z1, i, j) > 0 ? G(g->dp1, i, j) : 0.0);

  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++) { s = 0; for (i = 0; i < N; i++) s += G(g->dz1, i, j); gsl_vector_set(g->db1, j, s); }

  g->present = BP_GRADS_ALL;
  return 0;
}
