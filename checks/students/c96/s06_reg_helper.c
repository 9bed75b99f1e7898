/* backward.c -- Lab 6
 * Author: Sam Delacroix
 *
 * Helpers:
 *   weight_grad  dW = A^T dZ + (regularisation part)
 *   l2_grad      derivative of the L2 penalty, added into dW
 *   bias_grad    db = column sums of dZ
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* d/dW of reg * sum(W^2), added into dW */
static int
l2_grad (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  int err;
  gsl_matrix *tmp;

  if (W == NULL || dW == NULL)
    return GSL_EFAULT;
  tmp = gsl_matrix_calloc (W->size1, W->size2);
  if (tmp == NULL)
    return GSL_ENOMEM;
  err = gsl_matrix_memcpy (tmp, W);
  if (err == GSL_SUCCESS)
    err = gsl_matrix_scale (tmp, reg);
  if (err == GSL_SUCCESS)
    err = gsl_matrix_add (dW, tmp);
  gsl_matrix_free (tmp);
  return err;
}

static int
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  int err;
  if (A == NULL || dZ == NULL || W == NULL || dW == NULL)
    return GSL_EFAULT;
  err = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 0.0, dW);
  if (err != GSL_SUCCESS)
    return err;
  return l2_grad (W, reg, dW);
}

static int
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t i, j;
  if (dZ == NULL || db == NULL)
    return GSL_EFAULT;
  if (db->size != dZ->size2)
    return GSL_EBADLEN;
  for (j = 0; j < dZ->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < dZ->size1; i++)
        s += gsl_matrix_get (dZ, i, j);
      gsl_vector_set (db, j, s);
    }
  return GSL_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int err = GSL_SUCCESS;
  size_t N, i, j;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;

  /* dz2 */
  err = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (err != GSL_SUCCESS)
    goto cleanup;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          err = GSL_EINVAL;
          goto cleanup;
        }
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2 */
  err = weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  if (err != GSL_SUCCESS)
    goto cleanup;
  err = bias_grad (g->dz2, g->db2);
  if (err != GSL_SUCCESS)
    goto cleanup;
  err = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (err != GSL_SUCCESS)
    goto cleanup;

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* layer 1 */
  err = weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  if (err != GSL_SUCCESS)
    goto cleanup;
  err = bias_grad (g->dz1, g->db1);

cleanup:
  if (err == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return err;
}
