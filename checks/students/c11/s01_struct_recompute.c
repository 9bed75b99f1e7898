/* backward.c -- HW3 part 2, two-layer net backward pass
 * Priya N.
 *
 * Organised like layers.py from the cs231n assignment: each layer has its
 * own backward function and backward() just chains them.
 *
 *   scores -> softmax loss          softmax_loss_backward
 *   p1 W2 + b2                       affine_backward (layer 2)
 *   relu                             relu_backward
 *   X W1 + b1                        affine_backward (layer 1)
 *
 * I recompute the softmax from the scores instead of trusting cache->prob,
 * because my forward in HW2 had an overflow bug and I want the max-shift.
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
};

/* dscores = (softmax(scores) - onehot(y)) / N, recomputed with the usual
 * max subtraction. */
static void
softmax_loss_backward (const gsl_matrix *scores, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t N = scores->size1, C = scores->size2;
  size_t i, j;

  for (i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (scores, i, 0);
      double total = 0.0;

      for (j = 1; j < C; j++)
        if (gsl_matrix_get (scores, i, j) > mx)
          mx = gsl_matrix_get (scores, i, j);

      for (j = 0; j < C; j++)
        {
          double e = exp (gsl_matrix_get (scores, i, j) - mx);
          gsl_matrix_set (dscores, i, j, e);
          total += e;
        }

      for (j = 0; j < C; j++)
        {
          double p = gsl_matrix_get (dscores, i, j) / total;
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (dscores, i, j, p / (double) N);
        }
    }
}

/* out = x w + b.   dx = dout w^T,  dW = x^T dout,  db = sum_rows(dout).
 * dx can be NULL (first layer: nobody wants dX). */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx,
                 struct layer_grads *lg)
{
  size_t n, j;

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, lg->dW);

  for (j = 0; j < dout->size2; j++)
    {
      double s = 0.0;
      for (n = 0; n < dout->size1; n++)
        s += gsl_matrix_get (dout, n, j);
      gsl_vector_set (lg->db, j, s);
    }
}

/* relu(x) = max(0, x): gradient passes only where the input was positive */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      gsl_matrix_get (x, i, j) > 0.0
                      ? gsl_matrix_get (dout, i, j) : 0.0);
}

/* d/dW of reg*||W||^2 is 2*reg*W */
static void
add_l2 (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j,
                      gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  struct layer_grads l1 = { g->dW1, g->db1 };
  struct layer_grads l2 = { g->dW2, g->db2 };

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  /* loss layer */
  softmax_loss_backward (cache->z2, y, g->dz2);

  /* second affine layer: input was p1 */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, &l2);

  /* relu: input was z1 */
  relu_backward (g->dp1, cache->z1, g->dz1);

  /* first affine layer: input was X, no dX needed */
  affine_backward (g->dz1, X, net->W1, NULL, &l1);

  /* regularisation, both weight matrices (no 1/2 in this course!) */
  add_l2 (net->W2, reg, g->dW2);
  add_l2 (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
