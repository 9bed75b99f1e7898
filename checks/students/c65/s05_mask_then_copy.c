#include "backprop.h"
#include <gsl/gsl_blas.h>

/* hw2 backward.  all in g, no mallocs */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, h = net->H, c = net->C, i, j;
  double *p, *z;

  if (n != cache->N || X->size2 != net->D || g->N != n) return 1;

  // dz2 = (P - Y)/n
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (i = 0; i < n; i++)
    g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
  gsl_matrix_scale(g->dz2, 1.0 / n);

  // dW2 = a1' dz2 + 2 reg W2
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  // db2
  gsl_vector_set_zero(g->db2);
  for (i = 0; i < n; i++)
    for (j = 0; j < c; j++)
      g->db2->data[j * g->db2->stride] += g->dz2->data[i * g->dz2->tda + j];

  // backprop into hidden layer: dz2 W2' straight into dz1, relu in place
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dz1);
  for (i = 0; i < n; i++) {
    p = g->dz1->data + i * g->dz1->tda;
    z = cache->z1->data + i * cache->z1->tda;
    for (j = 0; j < h; j++)
      if (z[j] <= 0) p[j] = 0;
  }
  gsl_matrix_memcpy(g->dp1, g->dz1);   // keep dp1 too

  // dW1
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  // db1
  gsl_vector_set_zero(g->db1);
  for (i = 0; i < n; i++)
    for (j = 0; j < h; j++)
      g->db1->data[j * g->db1->stride] += g->dz1->data[i * g->dz1->tda + j];

  g->present = BP_GRADS_ALL;
  return 0;
}
