/* Lab 6: backward
 * Grace Mbeki
 *
 * Plan (from lecture 11):
 *   dscores = softmax - onehot, divided by N
 *   dW2 = hidden^T dscores + 2 reg W2,  db2 = column sums
 *   dhidden = dscores W2^T, zero where the relu was off
 *   dW1 = X^T dhidden + 2 reg W1,  db1 = column sums
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* column sums of M into v, with a temporary vector of ones */
static int
column_sums (const gsl_matrix *M, gsl_vector *v)
{
  gsl_vector *ones;
  int status;

  if (M == NULL || v == NULL)
    return GSL_EFAULT;
  if (M->size2 != v->size)
    return GSL_EBADLEN;
  ones = gsl_vector_calloc (M->size1);
  if (ones == NULL)
    return GSL_ENOMEM;
  gsl_vector_set_all (ones, 1.0);
  status = gsl_blas_dgemv (CblasTrans, 1.0, M, ones, 0.0, v);
  gsl_vector_free (ones);
  return status;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  size_t N, i, j;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || N != cache->N || N != g->N || X->size2 != net->D)
    return GSL_EBADLEN;

  /* dscores: start from the scores, take 1 off the right class, / N */
  status = gsl_matrix_memcpy (g->dz2, cache->z2);
  if (status != GSL_SUCCESS)
    goto end;
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          status = GSL_EINVAL;
          goto end;
        }
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (status != GSL_SUCCESS)
    goto end;

  /* dW2 and db2 */
  status = gsl_matrix_memcpy (g->dW2, net->W2);
  if (status == GSL_SUCCESS)
    status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                             2.0 * reg, g->dW2);
  if (status == GSL_SUCCESS)
    status = column_sums (g->dz2, g->db2);
  if (status != GSL_SUCCESS)
    goto end;

  /* dhidden, then the relu */
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                           0.0, g->dp1);
  if (status != GSL_SUCCESS)
    goto end;
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* dW1 and db1 */
  status = gsl_matrix_memcpy (g->dW1, net->W1);
  if (status == GSL_SUCCESS)
    status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                             2.0 * reg, g->dW1);
  if (status == GSL_SUCCESS)
    status = column_sums (g->dz1, g->db1);

end:
  if (status == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return status;
}
