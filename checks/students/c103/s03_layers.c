/* backward.c -- the backward pass written as layers, the way the lecture
 * drew the graph: loss -> affine -> relu -> affine.  One helper per layer,
 * the affine one used twice. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = dZ' 1, the column sums, as one matrix-vector product */
static int
colsum (const gsl_matrix *dZ, gsl_vector *db)
{
  gsl_vector *one = gsl_vector_alloc (dZ->size1);
  if (one == NULL)
    return 1;
  gsl_vector_set_all (one, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ, one, 0.0, db);
  gsl_vector_free (one);
  return 0;
}

/* Z = A W + b:  dW = A' dZ + 2 reg W,  db = colsum dZ,  dA = dZ W' (if asked) */
static int
affine_back (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
             double reg, gsl_matrix *dA, gsl_matrix *dW, gsl_vector *db)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  if (dA != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
  return colsum (dZ, db);
}

/* relu: pass the gradient where the unit was on.  p1 > 0 exactly when
 * z1 > 0, so the cached activations serve as the mask. */
static void
relu_back (const gsl_matrix *dP, const gsl_matrix *P, gsl_matrix *dZ)
{
  size_t i, j;
  gsl_matrix_memcpy (dZ, dP);
  for (i = 0; i < P->size1; i++)
    for (j = 0; j < P->size2; j++)
      if (!(gsl_matrix_get (P, i, j) > 0.0))
        gsl_matrix_set (dZ, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  int err = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross-entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  err |= affine_back (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_back (g->dp1, cache->p1, g->dz1);
  err |= affine_back (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return err;
}
