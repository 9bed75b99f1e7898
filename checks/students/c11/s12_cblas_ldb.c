/* backward.c -- Machine Learning Systems, lab 3
 * Hannah Lindqvist
 *
 * Backward pass of the 2-layer net, one function per layer.
 * All products with cblas_dgemm directly, row-major:
 *   cblas_dgemm(order, transA, transB, M, N, K, alpha, A, lda, B, ldb,
 *               beta, C, ldc)   C (MxN) = alpha op(A) (MxK) op(B) (KxN) + beta C
 */

#include <gsl/gsl_cblas.h>
#include "backprop.h"

static void softmax_backward (const gsl_matrix *prob, const size_t *y,
                              gsl_matrix *dz);
static void affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                             const gsl_matrix *w, gsl_matrix *dx,
                             gsl_matrix *dw, gsl_vector *db);
static void relu_backward (const gsl_matrix *dout, const gsl_matrix *x,
                           gsl_matrix *dx);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t i, j;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* L2 */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      *gsl_matrix_ptr (g->dW2, i, j) += 2.0 * reg * gsl_matrix_get (net->W2, i, j);
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      *gsl_matrix_ptr (g->dW1, i, j) += 2.0 * reg * gsl_matrix_get (net->W1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
softmax_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  const size_t N = prob->size1;
  size_t i;

  gsl_matrix_memcpy (dz, prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dz, i, y[i], gsl_matrix_get (dz, i, y[i]) - 1.0);
  gsl_matrix_scale (dz, 1.0 / N);
}

/* x (n,k)  w (k,m)  dout (n,m) */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx,
                 gsl_matrix *dw, gsl_vector *db)
{
  const int n = (int) x->size1, k = (int) x->size2, m = (int) w->size2;
  size_t i, j;

  /* dw (k,m) = x^T (k,n) * dout (n,m) */
  cblas_dgemm (CblasRowMajor, CblasTrans, CblasNoTrans, k, m, n, 1.0,
               x->data, (int) x->tda, dout->data, (int) dout->tda,
               0.0, dw->data, (int) dw->tda);

  /* db (m) */
  for (j = 0; j < (size_t) m; j++)
    {
      double s = 0;
      for (i = 0; i < (size_t) n; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }

  /* dx (n,k) = dout (n,m) * w^T (m,k); w^T has k columns so ldb = k */
  if (dx)
    cblas_dgemm (CblasRowMajor, CblasNoTrans, CblasNoTrans, n, k, m, 1.0, dout->data, (int) dout->tda, w->data, k, 0.0, dx->data, (int) dx->tda);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0);
}
