/* backward.c  -  backprop lab
 * (ported from my numpy version: dhidden[z1 <= 0] = 0 etc.) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A.T @ B */
static int matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  return gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, 0.0, C);
}

/* C = A @ B.T */
static int matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  return gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A, B, 0.0, C);
}

/* v = A.sum(axis=0) */
static void colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (A, j);
      double s = 0.0;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (v, j, s);
    }
}

/* A[Z <= 0] = 0, in place */
static void relu_mask (gsl_matrix *A, const gsl_matrix *Z)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      if (!(gsl_matrix_get (Z, i, j) > 0.0))
        gsl_matrix_set (A, i, j, 0.0);
}

/* A += s * B */
static void add_scaled (gsl_matrix *A, const gsl_matrix *B, double s)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      *gsl_matrix_ptr (A, i, j) += s * gsl_matrix_get (B, i, j);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  int rc = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* W2, b2 */
  rc |= matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_scaled (g->dW2, net->W2, 2 * reg);
  colsum (g->dz2, g->db2);

  /* dhidden, then the relu (in place, like dhidden[z1 <= 0] = 0) */
  rc |= matmul_ABt (g->dz2, net->W2, g->dp1);
  relu_mask (g->dp1, cache->z1);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* W1, b1 */
  rc |= matmul_AtB (X, g->dz1, g->dW1);
  add_scaled (g->dW1, net->W1, 2 * reg);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return rc;
}
