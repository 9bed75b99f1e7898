#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* bias grad = average over the batch */
static void colmean(const gsl_matrix *m, gsl_vector *v)
{
  size_t i, j; double s;
  for (j = 0; j < m->size2; j++) { s = 0; for (i = 0; i < m->size1; i++) s += gsl_matrix_get(m, i, j); gsl_vector_set(v, j, s / m->size1); }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dS = g->dz2, *dH = g->dp1, *dZ = g->dz1;
  size_t N = X->size1, i, j;

  gsl_matrix_memcpy(dS, cache->prob);
  for (i = 0; i < N; i++) gsl_matrix_set(dS, i, y[i], gsl_matrix_get(dS, i, y[i]) - 1.0);
  gsl_matrix_scale(dS, 1.0 / N);

  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dS, 2 * reg, g->dW2);
  colmean(dS, g->db2);

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dS, net->W2, 0.0, dH);
  for (i = 0; i < N; i++) for (j = 0; j < dZ->size2; j++) gsl_matrix_set(dZ, i, j, gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(dH, i, j) : 0);

  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ, 2 * reg, g->dW1);
  colmean(dZ, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
