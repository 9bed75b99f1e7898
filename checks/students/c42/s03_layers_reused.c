/* backward.c -- Assignment 2, written with the layer functions of
 * layers.py (affine_backward, relu_backward, softmax_loss) ported to C,
 * so that the same affine_backward does both layers:
 *
 *   dscores          = softmax_loss(scores, y)            (N, C)
 *   dh, dW2, db2     = affine_backward(dscores, (h, W2))
 *   da               = relu_backward(dh, z1)
 *   dx, dW1, db1     = affine_backward(da, (X, W1))
 *   dW2 += 2*reg*W2; dW1 += 2*reg*W1
 *
 * The outputs are passed in (like out= in numpy). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - onehot(y)) / N, probs given */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = probs->size1, i;
  gsl_matrix *onehot = gsl_matrix_calloc (probs->size1, probs->size2);
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (dscores, probs);
  gsl_matrix_sub (dscores, onehot);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_free (onehot);
}

/* out = x.w + b:  dx = dout.w.T,  dw = x.T.dout,  db = dout.sum(axis=0) */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  gsl_vector *ones = gsl_vector_alloc (dout->size1);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);
  gsl_blas_dgemv (CblasTrans, 1.0, dout, ones, 0.0, db);
  gsl_vector_free (ones);
}

/* dx = dout * (x > 0) */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0.0 ? gsl_matrix_get (dout, i, j)
                                                     : 0.0);
}

/* a += alpha * b */
static void
add_inplace (gsl_matrix *a, const gsl_matrix *b, double alpha)
{
  gsl_matrix *tmp = gsl_matrix_alloc (b->size1, b->size2);
  gsl_matrix_memcpy (tmp, b);
  gsl_matrix_scale (tmp, alpha);
  gsl_matrix_add (a, tmp);
  gsl_matrix_free (tmp);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* layer 2 (softmax) */
  softmax_loss_backward (cache->prob, y, g->dz2);

  /* layer 2 (affine) */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);

  /* layer 1 (relu) */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* layer 1 (affine); dx is not needed but the function wants one */
  gsl_matrix *dx = gsl_matrix_alloc (N, net->D);
  affine_backward (g->dz1, X, net->W1, dx, g->dW1, g->db1);
  gsl_matrix_free (dx);

  /* regularization */
  add_inplace (g->dW2, net->W2, 2.0 * reg);
  add_inplace (g->dW1, net->W1, 2.0 * reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
