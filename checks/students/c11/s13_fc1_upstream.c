/* backward.c
 *
 * Intro to Neural Networks -- Programming Assignment 3
 * Student: Kofi Mensah
 *
 * backward() walks the layers from the loss back to the input:
 *     dz2  <- softmax_xent_backward(prob, y)
 *     dp1, dW2, db2 <- affine_backward(dz2, p1, W2)
 *     dz1  <- relu_backward(dp1, z1)
 *     dW1, db1 <- affine_backward(..., X, W1)
 * then adds the weight decay.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
};

static void softmax_xent_backward (const gsl_matrix *, const size_t *, gsl_matrix *);
static void affine_backward (const gsl_matrix *, const gsl_matrix *,
                             const gsl_matrix *, gsl_matrix *,
                             struct layer_grads *);
static void relu_backward (const gsl_matrix *, const gsl_matrix *, gsl_matrix *);
static void weight_decay (const gsl_matrix *, double, gsl_matrix *);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct layer_grads out_layer = { g->dW2, g->db2 };
  struct layer_grads hid_layer = { g->dW1, g->db1 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_xent_backward (cache->prob, y, g->dz2);

  /* output layer */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, &out_layer);

  /* hidden layer: relu, then the affine part */
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dp1, X, net->W1, NULL, &hid_layer);

  weight_decay (net->W2, reg, g->dW2);
  weight_decay (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}

static void
softmax_xent_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dscores)
{
  size_t n, N = prob->size1;

  gsl_matrix_memcpy (dscores, prob);
  for (n = 0; n < N; n++)
    *gsl_matrix_ptr (dscores, n, y[n]) -= 1.0;
  gsl_matrix_scale (dscores, 1.0 / (double) N);
}

/* dx = dout W^T, dW = x^T dout, db = sum of dout over the rows */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *W, gsl_matrix *dx, struct layer_grads *lg)
{
  size_t n;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, lg->dW);

  gsl_vector_set_zero (lg->db);
  for (n = 0; n < dout->size1; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, n);
      gsl_vector_add (lg->db, &row.vector);
    }

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (dz, i, j,
                      gsl_matrix_get (z, i, j) > 0.0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

/* dW += 2 * reg * W */
static void
weight_decay (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}
