/* backward.c -- Backprop for 2-layer net (affine - relu - affine - softmax)
 * helpers: colsum() and wgrad(); the relu mask is read off p1 directly
 * through ->data, which is fine since p1 > 0 exactly when z1 > 0. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *, const gsl_matrix *, const size_t *, double,
              const bp_cache *, bp_grads *);

/* s = A' 1 */
static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  gsl_vector *u = gsl_vector_alloc (A->size1);
  gsl_vector_set_all (u, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, A, u, 0.0, s);
  gsl_vector_free (u);
}

/* dW = A' dZ + 2 reg W */
static void
wgrad (gsl_matrix *dW, const gsl_matrix *A, const gsl_matrix *dZ,
       const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, i, j;
  const gsl_matrix *P = cache->p1;
  gsl_matrix *dz1 = g->dz1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    g->dz2->data[i * g->dz2->tda + y[i]] -= 1;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  wgrad (g->dW2, cache->p1, g->dz2, net->W2, reg);
  colsum (g->dz2, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(P->data[i * P->tda + j] > 0))
        dz1->data[i * dz1->tda + j] = 0;

  wgrad (g->dW1, X, dz1, net->W1, reg);
  colsum (dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
