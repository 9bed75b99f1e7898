/* Two-layer net: backward.
 * K. Novak, HW 2.  Compiles with -Wall clean.
 *
 * Convention in this file: the gradient being written is always the FIRST
 * argument, then the cached forward values, then the upstream gradient.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* d_scores = (softmax - onehot) / N */
static void
d_scores (gsl_matrix *dscores, const gsl_matrix *prob, const size_t *y)
{
  const double N = (double) prob->size1;
  gsl_matrix_memcpy (dscores, prob);
  for (size_t i = 0; i < prob->size1; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
}

/* dW = in^T * dout + 2 reg W  (used for both layers) */
static void
d_weights (gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *W,
           const gsl_matrix *dout, double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
}

/* db = column sums of dout (used for both layers) */
static void
d_bias (gsl_vector *db, const gsl_matrix *dout)
{
  for (size_t j = 0; j < dout->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dout, j);
      double s = 0.0;
      for (size_t i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db, j, s);
    }
}

/* d_hidden = dout * W^T */
static void
d_hidden (gsl_matrix *dh, const gsl_matrix *W, const gsl_matrix *dout)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dh);
}

/* relu backward: dz = dp where z > 0, else 0 */
static void
d_relu (gsl_matrix *dz, const gsl_matrix *z, const gsl_matrix *dp)
{
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      {
        double zz = gsl_matrix_get (z, i, j);
        gsl_matrix_set (dz, i, j, zz > 0.0 ? gsl_matrix_get (dp, i, j) : 0.0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  d_scores  (g->dz2, cache->prob, y);
  d_weights (g->dW2, cache->p1, net->W2, g->dz2, reg);
  d_bias    (g->db2, g->dz2);
  d_hidden  (g->dp1, net->W2, g->dz2);
  d_relu    (g->dz1, g->dp1, cache->z1);
  d_weights (g->dW1, X, net->W1, g->dz1, reg);
  d_bias    (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
