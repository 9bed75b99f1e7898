/*
 * Uebungsblatt 5, Aufgabe 1 -- backward mit BLAS
 *
 * gsl_blas_dgemm(TransA, TransB, alpha, A, B, beta, C):  C = alpha*op(A)*op(B) + beta*C
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* relu rueckwaerts, elementweise: ziel = quelle wo z > 0 */
static void relu_rueckwaerts(const gsl_matrix *quelle, const gsl_matrix *z,
                             gsl_matrix *ziel)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set(ziel, i, j,
                     gsl_matrix_get(z, i, j) > 0.0 ? gsl_matrix_get(quelle, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_vector *einsen;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  einsen = gsl_vector_alloc(N);
  gsl_vector_set_all(einsen, 1.0);

  /* dz2 */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr(g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2,  db2 = dz2^T * einsen */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz2, einsen, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 1.0, g->dp1);

  /* dz1 */
  relu_rueckwaerts(g->dp1, cache->z1, g->dz1);

  /* dW1 = X^T dz1 + 2 reg W1,  db1 = dz1^T * einsen */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, einsen, 0.0, g->db1);

  gsl_vector_free(einsen);
  g->present = BP_GRADS_ALL;
  return 0;
}
