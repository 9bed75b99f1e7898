/*****************************************************************
 * CSE 5xx  --  Programming Assignment 2
 * Backward pass of the two-layer ReLU network
 * Student: Kevin O'Brien
 *****************************************************************/

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* 0/1 mask: mask[i][j] = 1 if src[i][j] > 0 */
static gsl_matrix *
make_mask (const gsl_matrix *src)
{
  gsl_matrix *mask = gsl_matrix_alloc (src->size1, src->size2);
  for (size_t i = 0; i < src->size1; i++)
    for (size_t j = 0; j < src->size2; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (src, i, j) > 0.0 ? 1.0 : 0.0);
  return mask;
}

/* flat view of a (contiguous) matrix */
static gsl_vector_view
flat (gsl_matrix *m)
{
  return gsl_vector_view_array (m->data, m->size1 * m->size2);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_vector *ones_N = gsl_vector_alloc (N);
  gsl_vector_set_all (ones_N, 1.0);

  /* Step 1: dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  {
    gsl_vector_view v = flat (g->dz2);
    gsl_blas_dscal (1.0 / N, &v.vector);
  }

  /* Step 2: dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    gsl_vector_view d = flat (g->dW2);
    gsl_vector_view w = flat (net->W2);
    gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
  }

  /* Step 3: db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones_N, 0.0, g->db2);

  /* Step 4: dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* Step 5: dz1 -- only where the ReLU was active */
  gsl_matrix *mask = make_mask (g->dp1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  /* Step 6: dW1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  {
    gsl_vector_view d = flat (g->dW1);
    gsl_vector_view w = flat (net->W1);
    gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
  }

  /* Step 7: db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones_N, 0.0, g->db1);

  gsl_vector_free (ones_N);
  g->present = BP_GRADS_ALL;
  return 0;
}
