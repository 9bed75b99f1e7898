/* ------------------------------------------------------------------
 * backward.c     ML Systems, practical 4
 * Student:       Jonas Lindqvist
 *
 * Notes to the marker:
 *   I kept the matrix formulation from the lecture notes.  The only
 *   row-by-row part is the ReLU, where I keep only the hidden units that
 *   fired for that sample.  I check the return value of every GSL call
 *   and leave through a single cleanup label.
 * ------------------------------------------------------------------ */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
bias_grad (const gsl_matrix *delta, gsl_vector *db)
{
  size_t r;
  int rc;

  gsl_vector_set_zero (db);
  for (r = 0; r < delta->size1; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (delta, r);
      rc = gsl_vector_add (db, &row.vector);
      if (rc != GSL_SUCCESS)
        return rc;
    }
  return GSL_SUCCESS;
}

static int
weight_grad (const gsl_matrix *input, const gsl_matrix *delta,
             const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  int rc = gsl_matrix_memcpy (dW, W);
  if (rc != GSL_SUCCESS)
    return rc;
  /* dW = input^T delta + (2 reg) W */
  return gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, input, delta,
                         2.0 * reg, dW);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i;
  int rc;

  if (N != cache->N || g->N != N || X->size2 != net->D)
    return GSL_EBADLEN;

  /* scores */
  rc = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (rc != GSL_SUCCESS)
    goto cleanup;
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  rc = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (rc != GSL_SUCCESS)
    goto cleanup;

  /* second layer */
  rc = weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  if (rc != GSL_SUCCESS)
    goto cleanup;
  rc = bias_grad (g->dz2, g->db2);
  if (rc != GSL_SUCCESS)
    goto cleanup;

  /* back to the hidden activations */
  rc = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                       0.0, g->dp1);
  if (rc != GSL_SUCCESS)
    goto cleanup;

  /* ReLU: keep only the units that fired */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view fired = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view up = gsl_matrix_const_row (g->dp1, i);
      gsl_vector_view out = gsl_matrix_row (g->dz1, i);

      rc = gsl_vector_memcpy (&out.vector, &up.vector);
      if (rc != GSL_SUCCESS)
        goto cleanup;
      rc = gsl_vector_mul (&out.vector, &fired.vector);
      if (rc != GSL_SUCCESS)
        goto cleanup;
    }

  /* first layer */
  rc = weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  if (rc != GSL_SUCCESS)
    goto cleanup;
  rc = bias_grad (g->dz1, g->db1);
  if (rc != GSL_SUCCESS)
    goto cleanup;

  g->present = BP_GRADS_ALL;

cleanup:
  return rc;
}
