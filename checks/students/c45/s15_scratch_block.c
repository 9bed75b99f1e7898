/* backward.c
 *
 * ML Systems -- lab assignment "backprop by hand"
 * Student: Ines Carvalho
 *
 * Memory: one malloc'd scratch block holds the per-sample temporaries,
 * viewed as GSL vectors with gsl_vector_view_array, plus a transposed copy
 * of X viewed as a matrix, so I do not call malloc inside the loop.  One
 * free() at the end.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* grad += 2 * reg * weights */
static int
apply_l2 (gsl_matrix *grad, const gsl_matrix *weights, double reg)
{
  size_t r;
  for (r = 0; r < grad->size1; r++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (weights, r);
      gsl_vector_view d = gsl_matrix_row (grad, r);
      int status = gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
      if (status)
        return status;
    }
  return GSL_SUCCESS;
}

/* gate[k] = 1 if pre[k] > 0 else 0 */
static void
relu_mask (const gsl_vector *pre, gsl_vector *gate)
{
  size_t k;
  for (k = 0; k < pre->size; k++)
    gsl_vector_set (gate, k, gsl_vector_get (pre, k) > 0.0 ? 1.0 : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H;
  double *scratch = NULL;
  size_t i;
  int status = GSL_SUCCESS;

  if (N != cache->N || g->N != N || X->size2 != D)
    return GSL_EBADLEN;

  scratch = malloc ((H + D * N) * sizeof *scratch);
  if (scratch == NULL)
    return GSL_ENOMEM;

  gsl_vector_view gate = gsl_vector_view_array (scratch, H);
  gsl_matrix_view Xt = gsl_matrix_view_array (scratch + H, D, N);

  status = gsl_matrix_transpose_memcpy (&Xt.matrix, X);
  if (status)
    goto cleanup;

  /* dz2 */
  status = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (status)
    goto cleanup;
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (status)
    goto cleanup;

  /* dW2 and db2 */
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                           0.0, g->dW2);
  if (status)
    goto cleanup;
  status = apply_l2 (g->dW2, net->W2, reg);
  if (status)
    goto cleanup;
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &r.vector);
    }

  /* dp1 and dz1, sample by sample */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view d_out = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_const_view pre = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_view d_hid = gsl_matrix_row (g->dp1, i);
      gsl_vector_view d_pre = gsl_matrix_row (g->dz1, i);

      status = gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &d_out.vector,
                               0.0, &d_hid.vector);
      if (status)
        goto cleanup;
      relu_mask (&pre.vector, &gate.vector);
      status = gsl_vector_memcpy (&d_pre.vector, &d_hid.vector);
      if (status)
        goto cleanup;
      status = gsl_vector_mul (&d_pre.vector, &gate.vector);
      if (status)
        goto cleanup;
    }

  /* dW1 = (X^T) dz1, from the transposed copy */
  status = gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, &Xt.matrix,
                           g->dz1, 0.0, g->dW1);
  if (status)
    goto cleanup;
  status = apply_l2 (g->dW1, g->dW1, reg);
  if (status)
    goto cleanup;

  /* db1 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
      gsl_vector_add (g->db1, &r.vector);
    }

  g->present = BP_GRADS_ALL;

cleanup:
  free (scratch);
  return status;
}
