/*
 * backward.c : gradients of the two-layer net
 *
 *   dz2 = (P - Y) / N
 *   dW2 = p1^T dz2 + 2 reg W2        db2 = 1^T dz2
 *   dp1 = dz2 W2^T
 *   dz1 = dp1 .* (z1 > 0)
 *   dW1 = X^T dz1 + 2 reg W1         db1 = 1^T dz1
 *
 * W2^T is made explicitly (W2t) so the dp1 product is a plain NoTrans one.
 * Error policy: check, keep the status, release temporaries, return it.
 */
#include <assert.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define SAME_SHAPE(a, b) ((a)->size1 == (b)->size1 && (a)->size2 == (b)->size2)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = 0;
  size_t i, j;
  const size_t N = X->size1;
  gsl_matrix *W2t = NULL;       /* C x H */
  gsl_vector *one = NULL;       /* N */

  if (N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;
  assert (SAME_SHAPE (g->dz2, cache->prob));
  assert (SAME_SHAPE (g->dz1, cache->z1) && SAME_SHAPE (g->dp1, cache->p1));
  assert (SAME_SHAPE (g->dW2, net->W2) && SAME_SHAPE (g->dW1, net->W1));

  W2t = gsl_matrix_alloc (net->C, net->H);
  if (W2t == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  one = gsl_vector_alloc (N);
  if (one == NULL)
    {
      status = GSL_ENOMEM;
      goto cleanup;
    }
  gsl_vector_set_all (one, 1.0);

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
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* dW2, db2 */
  status = gsl_matrix_memcpy (g->dW2, net->W2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                           2.0 * reg, g->dW2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* dp1 = dz2 W2t */
  status = gsl_matrix_transpose_memcpy (W2t, g->dW2);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t,
                           0.0, g->dp1);
  if (status != GSL_SUCCESS)
    goto cleanup;

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1, db1 */
  status = gsl_matrix_memcpy (g->dW1, net->W1);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                           2.0 * reg, g->dW1);
  if (status != GSL_SUCCESS)
    goto cleanup;
  status = gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);
  if (status != GSL_SUCCESS)
    goto cleanup;

  g->present = BP_GRADS_ALL;

cleanup:
  gsl_matrix_free (W2t);
  gsl_vector_free (one);
  return status;
}
