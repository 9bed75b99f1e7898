/* backward.c -- backward pass of the two-layer net (assignment 2, part 3)
 *
 * Same structure as my forward pass: one small function per layer, and
 * backward() just calls them in reverse order
 *     softmax_loss -> affine (layer 2) -> relu -> affine (layer 1)
 * Matrix products with BLAS.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - onehot(y)) / N */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t i, N = probs->size1;

  gsl_matrix_memcpy (dscores, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
}

/* out = x w + b  =>  dx = dout w^T, dw = x^T dout, db = column sums of dout.
 * dx can be NULL (first layer, nobody needs dX). */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t i;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);

  gsl_vector_set_zero (db);
  for (i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, i);
      gsl_vector_add (db, &row.vector);
    }

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

/* out = max(0, x)  =>  dx = dout where x > 0, else 0 */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;

  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      {
        double d = gsl_matrix_get (x, i, j) > 0.0 ? gsl_matrix_get (dout, i, j)
                                                   : 0.0;
        gsl_matrix_set (dx, i, j, d);
      }
}

/* loss has reg * sum(w^2), so the gradient gets 2 * reg * w */
static void
l2_backward (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  size_t i, j;

  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      gsl_matrix_set (dw, i, j,
                      gsl_matrix_get (dw, i, j) + 2.0 * reg * gsl_matrix_get (w, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  /* second affine layer: input was p1 */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  l2_backward (net->W2, reg, g->dW2);

  relu_backward (g->dp1, cache->z1, g->dz1);

  /* first affine layer: input was X */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
