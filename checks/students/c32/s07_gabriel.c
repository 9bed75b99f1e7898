/* backward.c
 * Gabriel Santos -- Intro to Deep Learning, assignment 2
 *
 * I split the pass into small layer functions like in the lecture
 * (affine_backward, relu_backward, softmax_backward) so that I could
 * test them one at a time.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (probs - onehot) / N */
static void
softmax_backward (const gsl_matrix *probs, const size_t *y, gsl_matrix *dscores)
{
  size_t N = probs->size1;

  gsl_matrix_memcpy (dscores, probs);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);
}

/* relu: dx = dout where x > 0, else 0   (x is the input of the relu) */
static void
relu_backward (gsl_matrix *dx, const gsl_matrix *dout, const gsl_matrix *x)
{
  for (size_t i = 0; i < x->size1; i++)
    for (size_t j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

/* affine: dW = x^T dout, db = column sums of dout, dx = dout W^T (if dx) */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x, const gsl_matrix *W,
                 gsl_matrix *dx, gsl_matrix *dW, gsl_vector *db)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dW);
  gsl_vector_set_zero (db);
  for (size_t i = 0; i < dout->size1; i++)
    for (size_t j = 0; j < dout->size2; j++)
      gsl_vector_set (db, j, gsl_vector_get (db, j) + gsl_matrix_get (dout, i, j));
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
}

/* dW += 2 * reg * W */
static void
l2_backward (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_backward (cache->prob, y, g->dz2);                              /* 1 */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);   /* 2,3,4 */
  l2_backward (g->dW2, net->W2, reg);
  relu_backward (g->dz1, g->dp1, g->dp1);                                 /* 5 */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);             /* 6,7 */
  l2_backward (g->dW1, net->W1, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
