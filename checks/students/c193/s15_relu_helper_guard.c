/* backward.c -- layer by layer, like the forward pass:
 *   softmax_back -> affine_back (layer 2) -> relu_back -> affine_back (layer 1)
 * Each helper refuses arguments of the wrong shape instead of writing
 * past the end of something. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dZ = (P - onehot(y)) / N */
static int
softmax_back (const gsl_matrix *P, const size_t *y, gsl_matrix *dZ)
{
  size_t i, N = P->size1;
  if (dZ->size1 != P->size1 || dZ->size2 != P->size2)
    return -1;
  gsl_matrix_memcpy (dZ, P);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dZ, i, y[i], gsl_matrix_get (dZ, i, y[i]) - 1.0);
  gsl_matrix_scale (dZ, 1.0 / (double) N);
  return 0;
}

/* dW = A' dZ + 2 reg W,  db = column sums of dZ,  dA = dZ W' (dA may be NULL) */
static int
affine_back (const gsl_matrix *dZ, const gsl_matrix *A, const gsl_matrix *W,
             double reg, gsl_matrix *dA, gsl_matrix *dW, gsl_vector *db)
{
  size_t i;
  if (dW->size1 != A->size2 || dW->size2 != dZ->size2 || db->size != dZ->size2)
    return -1;
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  gsl_vector_set_zero (db);
  for (i = 0; i < dZ->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dZ, i);
      gsl_vector_add (db, &r.vector);
    }
  if (dA != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ, W, 0.0, dA);
  return 0;
}

/* dZ = dP where Z > 0 */
static void
relu_back (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;
  if (dZ->size1 != Z->size1 || dZ->size2 != dP->size1)
    return;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j, gsl_matrix_get (Z, i, j) > 0.0 ? gsl_matrix_get (dP, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  if (softmax_back (cache->prob, y, g->dz2) != 0)
    return 1;

  if (affine_back (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2) != 0)
    return 1;
  if (g->dp1->size1 != N || g->dp1->size2 != net->H)
    return 1;

  relu_back (g->dp1, cache->z1, g->dz1);
  if (g->dz1->size1 != N || g->dz1->size2 != net->H)
    return 1;

  if (affine_back (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1) != 0)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
