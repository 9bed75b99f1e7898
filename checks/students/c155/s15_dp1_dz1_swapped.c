/* backward.c -- my backward pass.
 *
 * affine_backward (dout, x, w, dx, dw, db) and relu_backward (dout, x, dx)
 * are the two layer backward functions from the notebook, ported to GSL;
 * softmax_loss_backward gives the gradient of the loss wrt the scores.
 * backward () chains them from the loss to the input. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dx)
{
  size_t i, j, N = probs->size1;

  for (i = 0; i < N; i++)
    for (j = 0; j < probs->size2; j++)
      gsl_matrix_set (dx, i, j, (gsl_matrix_get (probs, i, j)
                                 - (j == y[i] ? 1.0 : 0.0)) / (double) N);
}

static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t i, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);
  for (j = 0; j < dout->size2; j++)
    {
      double s = 0;
      for (i = 0; i < dout->size1; i++)
        s += gsl_matrix_get (dout, i, j);
      gsl_vector_set (db, j, s);
    }
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;

  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j)
                                                   : 0.0);
}

static void
l2_grad (const gsl_matrix *w, double reg, gsl_matrix *dw)
{
  size_t i, j;

  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      *gsl_matrix_ptr (dw, i, j) += 2.0 * reg * gsl_matrix_get (w, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* dz2 = d loss / d scores */
  softmax_loss_backward (cache->prob, y, g->dz2);

  /* scores = p1 W2 + b2: gives dW2, db2, and the gradient of the hidden layer */
  affine_backward (g->dz2, cache->p1, net->W2, g->dz1, g->dW2, g->db2);
  l2_grad (net->W2, reg, g->dW2);

  /* p1 = relu(z1) */
  relu_backward (g->dz1, cache->z1, g->dp1);

  /* z1 = X W1 + b1 */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  l2_grad (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
