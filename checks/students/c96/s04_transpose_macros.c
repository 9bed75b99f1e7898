/* Lab 6 -- backward pass.   Author: Elena Sorokina
 *
 * I make the transposes explicitly (p1', X', W2') so that every dgemm is
 * NoTrans/NoTrans and I can check the shapes by eye.  TRY() and NEWMAT()
 * do the error checking so the maths stays readable.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

#define TRY(call) do { status = (call); if (status != GSL_SUCCESS) goto fail; } while (0)
#define NEWMAT(m, r, c) do { (m) = gsl_matrix_calloc ((r), (c)); \
                             if ((m) == NULL) { status = GSL_ENOMEM; goto fail; } } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* sum the rows of M into v (v has M->size2 entries) */
static int
sum_rows (const gsl_matrix *M, gsl_vector *v)
{
  size_t i;
  if (M == NULL || v == NULL)
    return GSL_EFAULT;
  if (v->size != M->size2)
    return GSL_EBADLEN;
  gsl_vector_set_zero (v);
  for (i = 0; i < M->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (M, i);
      gsl_vector_add (v, &row.vector);
    }
  return GSL_SUCCESS;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int status = GSL_SUCCESS;
  gsl_matrix *p1T = NULL, *XT = NULL, *W2T = NULL, *regW = NULL;
  size_t N, D, H, C, n;

  if (net == NULL || X == NULL || y == NULL || cache == NULL || g == NULL)
    return GSL_EFAULT;
  N = X->size1;
  D = net->D;
  H = net->H;
  C = net->C;
  if (N == 0 || X->size2 != D || cache->N != N || g->N != N || g->H != H)
    return GSL_EBADLEN;

  NEWMAT (p1T, H, N);
  NEWMAT (XT, D, N);
  NEWMAT (W2T, C, H);
  TRY (gsl_matrix_transpose_memcpy (p1T, cache->p1));
  TRY (gsl_matrix_transpose_memcpy (XT, X));
  TRY (gsl_matrix_transpose_memcpy (W2T, net->W2));

  /* scores gradient */
  TRY (gsl_matrix_memcpy (g->dz2, cache->prob));
  for (n = 0; n < N; n++)
    {
      if (y[n] >= C)
        {
          status = GSL_EINVAL;
          goto fail;
        }
      *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
    }
  TRY (gsl_matrix_scale (g->dz2, 1.0 / (double) N));

  /* second layer:  dW2 = p1' dz2 + 2 reg W2 */
  TRY (gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2));
  NEWMAT (regW, H, C);
  TRY (gsl_matrix_memcpy (regW, net->W2));
  TRY (gsl_matrix_scale (regW, 2.0 * reg));
  TRY (gsl_matrix_add (g->dW2, regW));
  gsl_matrix_free (regW);
  regW = NULL;
  TRY (sum_rows (g->dz2, g->db2));

  /* back into the hidden layer */
  TRY (gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1));
  TRY (gsl_matrix_memcpy (g->dz1, g->dp1));
  {
    size_t i, j;
    for (i = 0; i < N; i++)
      for (j = 0; j < H; j++)
        if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
          gsl_matrix_set (g->dz1, i, j, 0.0);
  }

  /* first layer:  dW1 = X' dz1 + 2 reg W1 */
  TRY (gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1));
  NEWMAT (regW, D, H);
  TRY (gsl_matrix_memcpy (regW, net->W1));
  TRY (gsl_matrix_scale (regW, 2.0 * reg));
  TRY (gsl_matrix_add (g->dW1, regW));
  TRY (sum_rows (g->dz1, g->db1));

  g->present = BP_GRADS_ALL;

fail:
  gsl_matrix_free (regW);
  gsl_matrix_free (W2T);
  gsl_matrix_free (XT);
  gsl_matrix_free (p1T);
  return status;
}
