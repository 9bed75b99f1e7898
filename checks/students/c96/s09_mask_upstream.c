/* backward.c -- Lab 6
 * by Kevin Tran
 *
 * Each layer's backward step is a small function that checks its inputs
 * and returns a status code, like we did in lab 4.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* softmax + cross-entropy: dScores = (probs - onehot) / N */
static int
softmaxBackward (const gsl_matrix *probs, const size_t *y, gsl_matrix *dScores)
{
  size_t i, N;
  int rc;
  if (probs == NULL || y == NULL || dScores == NULL)
    return GSL_EFAULT;
  N = probs->size1;
  rc = gsl_matrix_memcpy (dScores, probs);
  if (rc != GSL_SUCCESS)
    return rc;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= probs->size2)
        return GSL_EINVAL;
      gsl_matrix_set (dScores, i, y[i], gsl_matrix_get (dScores, i, y[i]) - 1.0);
    }
  return gsl_matrix_scale (dScores, 1.0 / (double) N);
}

/* ReLU backward: gradient only flows where it is positive */
static int
reluBackward (const gsl_matrix *dOut, gsl_matrix *dIn)
{
  size_t i, j;
  if (dOut == NULL || dIn == NULL)
    return GSL_EFAULT;
  if (dOut->size1 != dIn->size1 || dOut->size2 != dIn->size2)
    return GSL_EBADLEN;
  for (i = 0; i < dOut->size1; i++)
    for (j = 0; j < dOut->size2; j++)
      gsl_matrix_set (dIn, i, j, gsl_matrix_get (dOut, i, j) > 0.0 ? gsl_matrix_get (dOut, i, j) : 0.0);
  return GSL_SUCCESS;
}

/* dW = A' dZ + 2 reg W, db = colsum(dZ) */
static int
affineBackward (const gsl_matrix *A, const gsl_matrix *W, const gsl_matrix *dZ,
                double reg, gsl_matrix *dW, gsl_vector *db)
{
  int rc;
  gsl_vector *ones;
  if (A == NULL || W == NULL || dZ == NULL || dW == NULL || db == NULL)
    return GSL_EFAULT;
  ones = gsl_vector_calloc (dZ->size1);
  if (ones == NULL)
    return GSL_ENOMEM;
  gsl_vector_set_all (ones, 1.0);
  rc = gsl_matrix_memcpy (dW, W);
  if (rc == GSL_SUCCESS)
    rc = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, dZ, 2.0 * reg, dW);
  if (rc == GSL_SUCCESS)
    rc = gsl_blas_dgemv (CblasTrans, 1.0, dZ, ones, 0.0, db);
  gsl_vector_free (ones);
  return rc;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int rc = GSL_SUCCESS;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  if (X->size1 == 0 || X->size1 != cache->N || X->size1 != g->N
      || X->size2 != net->D)
    return GSL_EBADLEN;

  rc = softmaxBackward (cache->prob, y, g->dz2);
  if (rc != GSL_SUCCESS)
    goto done;
  rc = affineBackward (cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2);
  if (rc != GSL_SUCCESS)
    goto done;
  rc = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (rc != GSL_SUCCESS)
    goto done;
  rc = reluBackward (g->dp1, g->dz1);
  if (rc != GSL_SUCCESS)
    goto done;
  rc = affineBackward (X, net->W1, g->dz1, reg, g->dW1, g->db1);

done:
  if (rc == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return rc;
}
