#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* backward pass w/ blas */
int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1, *dW1 = g->dW1, *dW2 = g->dW2;
  const gsl_matrix *P = cache->prob, *A = cache->p1, *Z = cache->z1;
  size_t n = X->size1, i, j;
  gsl_vector *one;
  if (n != cache->N) return 1;

  // softmax grad
  gsl_matrix_memcpy(dz2, P);
  for (i = 0; i < n; i++) dz2->data[i * dz2->tda + y[i]] -= 1.0;
  gsl_matrix_scale(dz2, 1.0 / n);

  gsl_matrix_memcpy(dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, A, dz2, 2 * reg, dW2);

  gsl_vector_set_zero(g->db2);
  for (i = 0; i < n; i++) { gsl_vector_const_view r = gsl_matrix_const_row(dz2, i); gsl_vector_add(g->db2, &r.vector); }

  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dz2, net->W2, 0.0, dp1);
  gsl_matrix_memcpy(dz1, dp1);
  for (i = 0; i < n; i++) for (j = 0; j < dz1->size2; j++) if (gsl_matrix_get(Z, i, j) <= 0) gsl_matrix_set(dz1, i, j, 0.0);

  gsl_matrix_memcpy(dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dz1, 2 * reg, dW1);

  // db1 = 1' dz1
  one = gsl_vector_alloc(n); gsl_vector_set_all(one, 1.0);
  gsl_blas_dgemv(CblasTrans, 1.0, dz1, one, 0.0, g->db1); gsl_vector_free(one);

  g->present = BP_GRADS_ALL;
  return 0;
}
