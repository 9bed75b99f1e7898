/* backward.c -- backward pass, two layer net.
 *
 * Each layer's backward works on its own temporaries and only the
 * finished gradients are copied into g.  Transposes are made explicitly
 * (gsl_matrix_transpose_memcpy) so that every dgemm is NoTrans/NoTrans,
 * and the bias gradients are  ones^T * dout  with dgemv.
 * All helpers return a GSL status; backward returns nonzero if any failed.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t i;
  int status = gsl_matrix_memcpy (dscores, probs);

  for (i = 0; i < dscores->size1; i++)
    {
      gsl_vector_view row = gsl_matrix_row (dscores, i);
      double p = gsl_vector_get (&row.vector, y[i]);
      gsl_vector_set (&row.vector, y[i], p - 1.0);
    }
  return status ? status : gsl_matrix_scale (dscores, 1.0 / dscores->size1);
}

/* dW = x^T dout + 2 reg W,  db = ones^T dout,  dx = dout W^T (if dx) */
static int
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *W, double reg,
                 gsl_matrix *dx, gsl_matrix *dW, gsl_vector *db)
{
  int status = 0;
  gsl_matrix *xT = gsl_matrix_alloc (x->size2, x->size1);
  gsl_vector *ones = gsl_vector_alloc (dout->size1);

  gsl_matrix_transpose_memcpy (xT, x);
  gsl_vector_set_all (ones, 1.0);

  gsl_matrix_memcpy (dW, W);
  status |= gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, xT, dout,
                            2.0 * reg, dW);
  status |= gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);

  if (dx != NULL)
    {
      gsl_matrix *WT = gsl_matrix_alloc (W->size2, W->size1);
      gsl_matrix_transpose_memcpy (WT, W);
      status |= gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dout, WT,
                                0.0, dx);
      gsl_matrix_free (WT);
    }

  gsl_vector_free (ones);
  gsl_matrix_free (xT);
  return status;
}

/* mask = 1 where z > 0; dz = dout .* mask */
static int
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  size_t i, j;
  gsl_matrix *mask = gsl_matrix_calloc (z->size1, z->size2);
  int status;

  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      if (gsl_matrix_get (z, i, j) > 0)
        gsl_matrix_set (mask, i, j, 1.0);

  status = gsl_matrix_memcpy (dz, dout);
  status |= gsl_matrix_mul_elements (dz, mask);
  gsl_matrix_free (mask);
  return status;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *dscores, *dhidden, *dpre;
  int status = 0;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  dhidden = gsl_matrix_alloc (N, H);
  dpre = gsl_matrix_alloc (N, H);

  status |= softmax_loss_backward (cache->prob, y, dscores);
  status |= affine_backward (dscores, cache->p1, net->W2, reg,
                             dhidden, g->dW2, g->db2);
  status |= relu_backward (dhidden, cache->z1, dpre);
  status |= affine_backward (dpre, X, net->W1, reg, NULL, g->dW1, g->db1);

  /* the intermediate gradients too */
  gsl_matrix_memcpy (g->dz2, dscores);
  gsl_matrix_memcpy (g->dp1, dhidden);
  gsl_matrix_memcpy (g->dz1, dpre);

  gsl_matrix_free (dpre);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dscores);

  g->present = BP_GRADS_ALL;
  return status != 0;
}
