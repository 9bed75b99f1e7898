/* backward.c  --  Lab 6
 * Fatima Rahman
 *
 * Uses the helper bias_grad() for both biases.  Status codes are passed
 * up; the scratch matrix is freed on the single way out.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* db = sum over the rows of dZ */
static int
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  size_t r;
  int st = GSL_SUCCESS;

  if (dZ == NULL || db == NULL)
    return GSL_EFAULT;
  if (dZ->size2 != db->size)
    return GSL_EBADLEN;
  gsl_vector_set_zero (db);
  for (r = 0; r < dZ->size1 && st == GSL_SUCCESS; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dZ, r);
      st = gsl_vector_add (db, &row.vector);
    }
  return st;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int st = GSL_SUCCESS;
  gsl_matrix *target = NULL;
  size_t N, i, j;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D)
    return GSL_EBADLEN;

  /* one-hot targets */
  target = gsl_matrix_calloc (N, net->C);
  if (target == NULL)
    {
      st = GSL_ENOMEM;
      goto done;
    }
  for (i = 0; i < N; i++)
    {
      if (y[i] >= net->C)
        {
          st = GSL_EINVAL;
          goto done;
        }
      gsl_matrix_set (target, i, y[i], 1.0);
    }

  /* dz2 = (prob - target) / N */
  st = gsl_matrix_memcpy (g->dz2, cache->prob);
  if (st == GSL_SUCCESS)
    st = gsl_matrix_sub (g->dz2, target);
  if (st == GSL_SUCCESS)
    st = gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  if (st != GSL_SUCCESS)
    goto done;

  /* output layer */
  st = gsl_matrix_memcpy (g->dW2, net->W2);
  if (st == GSL_SUCCESS)
    st = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  if (st == GSL_SUCCESS)
    st = bias_grad (g->dz2, g->db2);
  if (st == GSL_SUCCESS)
    st = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (st != GSL_SUCCESS)
    goto done;

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* hidden layer */
  st = gsl_matrix_memcpy (g->dW1, net->W1);
  if (st == GSL_SUCCESS)
    st = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  if (st == GSL_SUCCESS)
    st = bias_grad (g->dz1, g->db1);
  /* b1 is shared by the whole batch, so average it like dz2 */
  if (st == GSL_SUCCESS)
    st = gsl_vector_scale (g->db1, 1.0 / (double) N);

done:
  if (target != NULL)
    gsl_matrix_free (target);
  if (st == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return st;
}
