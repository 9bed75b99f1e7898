/* backward.c -- NNfS spring, assignment 3 (two-layer net, backward pass)
 * Author: E. Lindqvist
 *
 * Approach: I compute everything WITHOUT the 1/N first (so the numbers are
 * "per sample summed"), then divide all seven gradients by N at the very
 * end and add the L2 terms last.  Everything is linear in dz2 so this is
 * the same thing, and it made debugging easier because the unscaled dz2
 * rows are exactly prob - onehot.
 *
 * I also recompute the softmax from z2 myself (with the max trick) instead
 * of reading cache->prob, mostly to check my forward pass agreed.  It does.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <math.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* softmax of one row of z2, written into the same row of out */
static void
softmax_row (const gsl_matrix *z, size_t i, gsl_matrix *out)
{
  size_t C = z->size2;
  double m = gsl_matrix_get (z, i, 0);
  for (size_t c = 1; c < C; c++)
    if (gsl_matrix_get (z, i, c) > m)
      m = gsl_matrix_get (z, i, c);

  double s = 0.0;
  for (size_t c = 0; c < C; c++)
    {
      double e = exp (gsl_matrix_get (z, i, c) - m);
      gsl_matrix_set (out, i, c, e);
      s += e;
    }
  for (size_t c = 0; c < C; c++)
    gsl_matrix_set (out, i, c, gsl_matrix_get (out, i, c) / s);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  /* unscaled dz2 = softmax(z2) - onehot(y) */
  for (size_t i = 0; i < N; i++)
    {
      softmax_row (cache->z2, i, g->dz2);
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
    }

  /* dW2 = p1^T dz2   (H x N)(N x C) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);

  /* db2 = ones^T dz2 */
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* ---- hidden layer ---- */
  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu: pass gradient only where z1 was positive */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double v = gsl_matrix_get (cache->z1, i, j) > 0.0
                   ? gsl_matrix_get (g->dp1, i, j) : 0.0;
        gsl_matrix_set (g->dz1, i, j, v);
      }

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  /* ---- now the 1/N, for all of them ---- */
  double invN = 1.0 / (double) N;
  gsl_matrix_scale (g->dz2, invN);
  gsl_matrix_scale (g->dW2, invN);
  gsl_vector_scale (g->db2, invN);
  gsl_matrix_scale (g->dp1, invN);
  gsl_matrix_scale (g->dz1, invN);
  gsl_matrix_scale (g->dW1, invN);
  gsl_vector_scale (g->db1, invN);

  /* ---- L2: loss has reg*|W|^2 (no 1/2!) so the gradient is 2*reg*W ---- */
  for (size_t h = 0; h < net->H; h++)
    for (size_t c = 0; c < net->C; c++)
      *gsl_matrix_ptr (g->dW2, h, c) += 2.0 * reg * gsl_matrix_get (net->W2, h, c);
  for (size_t d = 0; d < net->D; d++)
    for (size_t h = 0; h < net->H; h++)
      *gsl_matrix_ptr (g->dW1, d, h) += 2.0 * reg * gsl_matrix_get (net->W1, d, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
