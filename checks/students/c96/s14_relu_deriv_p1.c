/* backward.c -- CSC 215 lab 6
 * Ben Achterberg
 *
 * relu_derivative() builds the derivative of the ReLU as a matrix, then
 * dz1 = dp1 .* relu'(z1) is one gsl_matrix_mul_elements.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* deriv = relu'(z1), using the cached activations */
static int
relu_derivative (const bp_cache *cache, gsl_matrix *deriv)
{
  if (cache == NULL || deriv == NULL)
    return GSL_EFAULT;
  if (deriv->size1 != cache->p1->size1 || deriv->size2 != cache->p1->size2)
    return GSL_EBADLEN;
  /* relu(z) = max(0, z), so its derivative is max(0, z) as well */
  return gsl_matrix_memcpy (deriv, cache->p1);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  gsl_matrix *deriv = NULL;
  gsl_vector *ones = NULL;
  size_t N, i;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;

  deriv = gsl_matrix_calloc (N, net->H);
  if (deriv == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  ones = gsl_vector_calloc (N);
  if (ones == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  gsl_vector_set_all (ones, 1.0);

  /* dz2 */
  status = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (status != GSL_SUCCESS)
    goto cleanup;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          status = GSL_EINVAL;
          goto cleanup;
        }
      *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2, dp1 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                           2.0 * reg, g->dW2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                           0.0, g->dp1);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* dz1 */
  status = relu_derivative (cache, deriv);
  if (status != GSL_SUCCESS)
    goto cleanup;
  gsl_matrix_memcpy (g->dz1, g->dp1);
  status = gsl_matrix_mul_elements (g->dz1, deriv);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                           2.0 * reg, g->dW1);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

cleanup:
  if (ones != NULL)
    gsl_vector_free (ones);
  if (deriv != NULL)
    gsl_matrix_free (deriv);
  if (status == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return status;
}
