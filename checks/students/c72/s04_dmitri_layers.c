/* backward.c -- Dmitri V.
 *
 * I split the backward pass into the three layer backwards from the
 * lecture (softmax-loss, affine, relu) so that each one can be tested on
 * its own.  affine_back is used twice. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (P - Y) / N */
static void
softmax_loss_back (const gsl_matrix *P, const size_t *y, gsl_matrix *dZ)
{
  size_t i, n = P->size1;

  gsl_matrix_memcpy (dZ, P);
  for (i = 0; i < n; i++)
    gsl_matrix_set (dZ, i, y[i], gsl_matrix_get (dZ, i, y[i]) - 1.0);
  gsl_matrix_scale (dZ, 1.0 / (double) n);
}

/* out = in W + b:  dW = in' dout (+ 2 reg W), db = colsum(dout),
   din = dout W' (skipped when din is NULL) */
static void
affine_back (const gsl_matrix *dout, const gsl_matrix *in, const gsl_matrix *W,
             double reg, gsl_matrix *din, gsl_matrix *dW, gsl_vector *db)
{
  size_t i;

  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

  gsl_vector_set_zero (db);
  for (i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, i);
      gsl_vector_add (db, &row.vector);
    }

  if (din != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* dZ = dP * (Z > 0); dZ may not be dP here */
static void
relu_back (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  size_t i, j;

  gsl_matrix_memcpy (dZ, dP);
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      if (gsl_matrix_get (Z, i, j) <= 0.0)
        gsl_matrix_set (dZ, i, j, 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_back (cache->prob, y, g->dz2);
  affine_back (g->dz2, cache->p1, net->W2, reg, g->dp1, g->dW2, g->db2);
  relu_back (g->dp1, cache->z1, g->dz1);
  affine_back (g->dz1, X, net->W1, reg, NULL, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
