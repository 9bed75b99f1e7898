/*
 * backward.c for the backprop assignment.
 *
 * Written as a small "layer library" mirroring the forward pass:
 *   softmax_ce_backward  -> dz2
 *   affine_backward      -> dW, db, dA
 *   relu_backward        -> dz
 * Each layer's backward takes the upstream gradient and what it cached in
 * the forward pass.
 *
 * TODO: reuse the ones vector across calls (static?) -- not worth it.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_ce_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t i, N = prob->size1;
  gsl_matrix_memcpy (dz, prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dz, i, y[i]) -= 1.0;
  gsl_matrix_scale (dz, 1.0 / (double) N);
}

/* Z = A W + 1 b'  =>  dW = A' dZ, db = dZ' 1, dA = dZ W'  (dA may be NULL) */
static void
affine_backward (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
                 gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
  gsl_vector *one = gsl_vector_alloc (dZ->size1);
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ, one, 0.0, db);
  if (dA)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
  gsl_vector_free (one);
}

/* P = max(0, Z)  =>  dZ = dP .* [Z > 0] */
static void
relu_backward (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0.0
                                ? gsl_matrix_get (dP, i, j) : 0.0);
}

/* d/dW reg |W|^2 = 2 reg W */
static void
l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  softmax_ce_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, g->dW2, g->db2, g->dp1);
  l2_backward (net->W2, reg, g->dW2);

  relu_backward (g->dp1, g->dp1, g->dz1);

  affine_backward (g->dz1, X, net->W1, g->dW1, g->db1, NULL);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
