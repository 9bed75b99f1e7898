/* backward.c -- CSC 215 Lab 6: backward pass of the two-layer net
 * Priya Natarajan
 *
 * All products with BLAS.  One temporary (a vector of ones for the bias
 * sums), checked for NULL and freed at cleanup, which is the only exit
 * after the argument checks (as required in the lab handout).
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  gsl_vector *ones = NULL;
  size_t N, i, j, label;

  /* argument checks */
  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || N != cache->N || X->size2 != net->D || g->N != N)
    return GSL_EBADLEN;

  ones = gsl_vector_calloc (N);
  if (ones == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 = (prob - onehot(y)) / N */
  status = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (status != GSL_SUCCESS)
    goto cleanup;
  for (i = 0; i < N; i++)
    {
      label = y[i];
      if (label >= net->C)
        {
          status = GSL_EINVAL;
          goto cleanup;
        }
      gsl_matrix_set (g->dz2, i, label, gsl_matrix_get (g->dz2, i, label) - 1.0);
    }
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* 2. dW2 = p1' dz2 + 2 reg W2: copy W2 in first, then beta = 2 reg */
  status = gsl_matrix_memcpy (g->dW2, net->W2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                           2.0 * reg, g->dW2);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* 3. db2 = dz2' * ones  (sum over the samples) */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* 4. dp1 = dz2 W2' */
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                           0.0, g->dp1);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        double d = gsl_matrix_get (g->dp1, i, j);
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? d : 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1, same trick as dW2 */
  status = gsl_matrix_memcpy (g->dW1, net->W1);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                           2.0 * reg, g->dW1);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* 7. db1 = dz1' * ones */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

cleanup:
  if (ones != NULL)
    gsl_vector_free (ones);
  if (status == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return status;
}
