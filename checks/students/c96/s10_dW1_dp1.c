/* Lab 6 backward pass -- Aisha Bello
 *
 * Status codes: 0 = OK, otherwise a GSL error code.  Single exit at
 * "finish" which frees the scratch matrices.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

#define CHECK(s) if ((s) != GSL_SUCCESS) goto finish

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  gsl_matrix *W1reg = NULL, *W2reg = NULL;
  size_t N, n, h;

  if (!net || !X || !y || !cache || !g)
    return GSL_EFAULT;
  N = X->size1;
  if (N == 0 || cache->N != N || g->N != N || X->size2 != net->D)
    return GSL_EBADLEN;

  W1reg = gsl_matrix_calloc (net->D, net->H);
  W2reg = gsl_matrix_calloc (net->H, net->C);
  if (W1reg == NULL || W2reg == NULL)
    {
      status = GSL_ENOMEM;
      goto finish;
    }
  /* the reg parts: 2 * reg * W */
  status = gsl_matrix_memcpy (W1reg, net->W1); CHECK (status);
  status = gsl_matrix_scale (W1reg, 2.0 * reg); CHECK (status);
  status = gsl_matrix_memcpy (W2reg, net->W2); CHECK (status);
  status = gsl_matrix_scale (W2reg, 2.0 * reg); CHECK (status);

  /* dz2 */
  status = gsl_matrix_memcpy (g->dz2, cache->prob); CHECK (status);
  for (n = 0; n < N; n++)
    {
      double *p;
      if (y[n] >= net->C)
        {
          status = GSL_EINVAL;
          goto finish;
        }
      p = gsl_matrix_ptr (g->dz2, n, y[n]);
      *p -= 1.0;
    }
  status = gsl_matrix_scale (g->dz2, 1.0 / (double) N); CHECK (status);

  /* dW2, db2 */
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2); CHECK (status);
  status = gsl_matrix_add (g->dW2, W2reg); CHECK (status);
  gsl_vector_set_zero (g->db2);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, n);
      status = gsl_vector_add (g->db2, &r.vector); CHECK (status);
    }

  /* dp1, dz1 */
  status = gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1); CHECK (status);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, n, h,
                      gsl_matrix_get (cache->z1, n, h) > 0.0 ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* dW1, db1 */
  status = gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dp1, 0.0, g->dW1); CHECK (status);
  status = gsl_matrix_add (g->dW1, W1reg); CHECK (status);
  gsl_vector_set_zero (g->db1);
  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, n);
      status = gsl_vector_add (g->db1, &r.vector); CHECK (status);
    }

finish:
  gsl_matrix_free (W1reg);
  gsl_matrix_free (W2reg);
  if (status == GSL_SUCCESS)
    g->present = BP_GRADS_ALL;
  return status;
}
