/* backward.c -- Lena Fischer, ML course, exercise sheet 5
 *
 * One helper for the affine layer used twice (like the layers.py of the
 * assignment), bias sums as ones' * dZ with dgemv.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = in' dout + 2 reg W ;  db = dout' 1 */
static void
affine_back (const gsl_matrix *in, const gsl_matrix *dout, const gsl_matrix *W,
             double reg, gsl_matrix *dW, gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_matrix_memcpy (dW, W);
  /* beta = 2 reg: dW starts as W, so this is in' dout + 2 reg W */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);
  gsl_vector_free (ones);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax loss grad */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  affine_back (cache->p1, g->dz2, net->W2, reg, g->dW2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu backward as an elementwise product with a 0/1 mask */
  gsl_matrix *mask = gsl_matrix_alloc (N, net->H);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (mask, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  affine_back (X, g->dz1, net->W1, reg, g->dW1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
