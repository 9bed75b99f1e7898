/* backward.c -- two layer net, backward pass (assignment 1, Q4)
 * Lena Hoffmann
 *
 * One function per layer, same names as layers.py.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
};

/* ---------------------------------------------------------------------- */
/* softmax + cross entropy:  dx = (probs - 1{y}) / N                      */
/* ---------------------------------------------------------------------- */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y, gsl_matrix *dx)
{
  size_t N = probs->size1;
  size_t i;

  gsl_matrix_memcpy (dx, probs);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dx, i, y[i], gsl_matrix_get (dx, i, y[i]) - 1.0);
  gsl_matrix_scale (dx, 1.0 / N);
}

/* ---------------------------------------------------------------------- */
/* affine:  out = x w + b                                                 */
/* ---------------------------------------------------------------------- */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, struct layer_grads *grads)
{
  size_t i, j;

  /* dW = x^T dout */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, grads->dW);

  /* db = sum over the batch */
  gsl_vector_set_zero (grads->db);
  for (i = 0; i < dout->size1; i++)
    for (j = 0; j < dout->size2; j++)
      *gsl_vector_ptr (grads->db, j) += gsl_matrix_get (dout, i, j);

  /* dx = dout w^T */
  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

/* ---------------------------------------------------------------------- */
/* relu                                                                   */
/* ---------------------------------------------------------------------- */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;

  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      {
        double v = 0.0;
        if (gsl_matrix_get (x, i, j) > 0)
          v = gsl_matrix_get (dout, i, j);
        gsl_matrix_set (dx, i, j, v);
      }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  struct layer_grads fc1 = { g->dW1, g->db1 };
  struct layer_grads fc2 = { g->dW2, g->db2 };

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dscores */
  softmax_loss_backward (cache->prob, y, g->dz2);
  gsl_matrix_scale (g->dz2, 1.0 / N);   /* average over the batch */

  /* fc2 */
  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, &fc2);
  /* relu */
  relu_backward (g->dp1, cache->z1, g->dz1);
  /* fc1 */
  affine_backward (g->dz1, X, net->W1, NULL, &fc1);

  /* + reg: d(reg*W^2)/dW = 2*reg*W   (flatten, W and dW are contiguous) */
  {
    gsl_vector_const_view w2 = gsl_vector_const_view_array (net->W2->data, net->H * net->C);
    gsl_vector_view dw2 = gsl_vector_view_array (g->dW2->data, net->H * net->C);
    gsl_vector_const_view w1 = gsl_vector_const_view_array (net->W1->data, net->D * net->H);
    gsl_vector_view dw1 = gsl_vector_view_array (g->dW1->data, net->D * net->H);

    gsl_blas_daxpy (2.0 * reg, &w2.vector, &dw2.vector);
    gsl_blas_daxpy (2.0 * reg, &w1.vector, &dw1.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
