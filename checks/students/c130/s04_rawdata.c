/*
 * a3_backward.c  --  two-layer net, backward pass
 * Student: M. Tremblay
 *
 * GSL stores a matrix row-major with a row stride "tda", so element
 * (i,j) of m is m->data[i * m->tda + j].  I index the data directly
 * because gsl_matrix_get does bounds checking and is slow.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dz2 */
  for (i = 0; i < N; i++) {
    for (j = 0; j < C; j++)
      AT(g->dz2, i, j) = AT(cache->prob, i, j) / (double) N;
    AT(g->dz2, i, y[i]) -= 1.0 / (double) N;
  }

  /* dW2 = p1^T dz2, then the regularization part from a temporary */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  tmp = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  /* db2 */
  for (j = 0; j < C; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += AT(g->dz2, i, j);
    VAT(g->db2, j) = s;
  }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1: relu(z) > 0 exactly when z > 0 so I can use p1 for the mask */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT(g->dz1, i, j) = AT(cache->p1, i, j) > 0.0 ? AT(g->dp1, i, j) : 0.0;

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  tmp = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (tmp, net->W1);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp);
  gsl_matrix_free (tmp);

  /* db1 */
  for (j = 0; j < H; j++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += AT(g->dz1, i, j);
    VAT(g->db1, j) = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
