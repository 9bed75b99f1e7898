/* backward.c -- backward pass of the two-layer net (assignment 3)
 *
 * Every GSL call's status is kept in `status'; on the first failure we
 * jump to `cleanup', which frees whatever was allocated so far.  The GSL
 * error handler is switched off for the duration of the call (and put
 * back afterwards) so that a failure comes back as a status, not abort().
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  gsl_vector *ones = NULL;
  gsl_error_handler_t *old_handler;
  size_t i, N;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;
  assert (cache->prob->size1 == N && cache->prob->size2 == net->C);
  assert (g->dW2->size1 == net->H && g->dW1->size1 == net->D);

  old_handler = gsl_set_error_handler_off ();

  /* column sums are done as ones' * A (dgemv with CblasTrans) */
  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - onehot(y)) / N */
  status = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (status)
    goto cleanup;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          status = GSL_EINVAL;
          goto cleanup;
        }
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (status)
    goto cleanup;

  /* dW2 = p1' dz2 + 2 reg W2 : copy W2 in first, then beta = 2 reg */
  status = gsl_matrix_memcpy (g->dW2, net->W2);
  if (status)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                           2.0 * reg, g->dW2);
  if (status)
    goto cleanup;

  /* db2 = column sums of dz2 */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);
  if (status)
    goto cleanup;

  /* dp1 = dz2 W2' */
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                           0.0, g->dp1);
  if (status)
    goto cleanup;

  /* dz1 = dp1 where z1 > 0, else 0 */
  status = gsl_matrix_memcpy (g->dz1, g->dp1);
  if (status)
    goto cleanup;
  for (i = 0; i < N; i++)
    {
      size_t j;
      for (j = 0; j < net->H; j++)
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          gsl_matrix_set (g->dz1, i, j, 0.0);
    }

  /* dW1 = X' dz1 + 2 reg W1 */
  status = gsl_matrix_memcpy (g->dW1, net->W1);
  if (status)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                           2.0 * reg, g->dW1);
  if (status)
    goto cleanup;

  /* db1 = column sums of dz1 */
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  if (status)
    goto cleanup;

  g->present = BP_GRADS_ALL;

cleanup:
  gsl_vector_free (ones);
  gsl_set_error_handler (old_handler);
  return status;
}
