/* backward.c -- backward pass of the two-layer net.
 *
 * Layers as forward/backward pairs, as in the lecture; every backward
 * helper takes its inputs const and writes one output.  */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dZ = (P - onehot(y)) / N.  P, dZ (N, C).  */
static void
softmax_loss_backward (const gsl_matrix *P, const size_t *y, gsl_matrix *dZ)
{
  size_t i;

  gsl_matrix_memcpy (dZ, P);
  for (i = 0; i < P->size1; i++)
    *gsl_matrix_ptr (dZ, i, y[i]) -= 1.0;
  gsl_matrix_scale (dZ, 1.0 / (double) P->size1);
}

/* dW = A' dOut + 2 reg W, db = 1' dOut, and dA = dOut W' if dA is not
   NULL.  A (N, K), W (K, M), dOut (N, M).  */
static void
affine_backward (const gsl_matrix *A, const gsl_matrix *W,
                 const gsl_matrix *dOut, double reg,
                 gsl_matrix *dW, gsl_vector *db, gsl_matrix *dA)
{
  size_t j;

  assert (A->size1 == dOut->size1 && W->size2 == dOut->size2);
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dOut, 2.0 * reg, dW);
  for (j = 0; j < dOut->size2; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (dOut, j);
      gsl_vector_set (db, j, gsl_vector_sum (&c.vector));
    }
  if (dA != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dOut, W, 0.0, dA);
}

/* dZ = dP .* [Z > 0]: the 0/1 mask is written into dZ, then multiplied
   by dP.  Z, dP, dZ (N, H).  */
static void
relu_backward (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;

  assert (Z->size1 == dZ->size1 && Z->size2 == dZ->size2);
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (dZ, dP);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  assert (cache->N == X->size1 && g->N == X->size1);
  assert (X->size2 == net->D);

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);

  /* dz1 starts as a copy of dp1 and is masked in place */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  relu_backward (g->dz1, cache->z1, g->dz1);

  affine_backward (X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

  g->present = BP_GRADS_ALL;
  return 0;
}
