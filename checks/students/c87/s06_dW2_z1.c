/* backward.c -- Problem set 3, part B.
 *
 * One helper per gradient.  Order matters: every helper reads only the
 * gradients computed before it. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
d_scores (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
  size_t n, N = prob->size1;

  gsl_matrix_memcpy (dz2, prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (dz2, n, y[n], gsl_matrix_get (dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (dz2, 1.0 / (double) N);
}

/* weight gradient of the second layer: hidden^T * dscores, + reg part */
static void
d_W2 (gsl_matrix *dW2, const gsl_matrix *hidden, const gsl_matrix *dz2,
      const gsl_matrix *W2, double reg)
{
  gsl_matrix_memcpy (dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, hidden, dz2, 2.0 * reg, dW2);
}

static void
d_b2 (gsl_vector *db2, const gsl_matrix *dz2)
{
  size_t n, c;

  for (c = 0; c < dz2->size2; c++)
    {
      double s = 0;
      for (n = 0; n < dz2->size1; n++)
        s += gsl_matrix_get (dz2, n, c);
      gsl_vector_set (db2, c, s);
    }
}

static void
d_hidden (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
d_relu (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  size_t n, h;

  for (n = 0; n < z1->size1; n++)
    for (h = 0; h < z1->size2; h++)
      {
        double v = 0.0;
        if (gsl_matrix_get (z1, n, h) > 0)
          v = gsl_matrix_get (dp1, n, h);
        gsl_matrix_set (dz1, n, h, v);
      }
}

static void
d_W1 (gsl_matrix *dW1, const gsl_matrix *X, const gsl_matrix *dz1,
      const gsl_matrix *W1, double reg)
{
  gsl_matrix_memcpy (dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2.0 * reg, dW1);
}

static void
d_b1 (gsl_vector *db1, const gsl_matrix *dz1)
{
  size_t n, h;

  for (h = 0; h < dz1->size2; h++)
    {
      double s = 0;
      for (n = 0; n < dz1->size1; n++)
        s += gsl_matrix_get (dz1, n, h);
      gsl_vector_set (db1, h, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  d_scores (g->dz2, cache->prob, y);
  /* the hidden layer output feeds W2 */
  d_W2 (g->dW2, cache->z1, g->dz2, net->W2, reg);
  d_b2 (g->db2, g->dz2);
  d_hidden (g->dp1, g->dz2, net->W2);
  d_relu (g->dz1, g->dp1, cache->z1);
  d_W1 (g->dW1, X, g->dz1, net->W1, reg);
  d_b1 (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
