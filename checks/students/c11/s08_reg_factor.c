/* backward.c -- Deep Learning, exercise sheet 3, task 2
 * Team: F. Rossi, K. Yilmaz
 *
 * Layered backward pass (cf. cs231n layers.py / layer_utils.py):
 *   softmax_loss_backward -> affine_backward -> relu_backward
 *   -> affine_backward
 * The regulariser is handled inside affine_backward so both layers get it
 * the same way.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

typedef struct layer_grads {
  gsl_matrix *dW;
  gsl_vector *db;
} layer_grads;

static void softmax_loss_backward (const gsl_matrix *prob, const size_t *y,
                                   gsl_matrix *dx);
static void affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                             const gsl_matrix *w, double reg,
                             gsl_matrix *dx, layer_grads *lg);
static void relu_backward (const gsl_matrix *dout, const gsl_matrix *x,
                           gsl_matrix *dx);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  layer_grads lg1, lg2;

  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  lg1.dW = g->dW1;  lg1.db = g->db1;
  lg2.dW = g->dW2;  lg2.db = g->db2;

  softmax_loss_backward (cache->prob, y, g->dz2);
  affine_backward (g->dz2, cache->p1, net->W2, reg, g->dp1, &lg2);
  relu_backward (g->dp1, cache->z1, g->dz1);
  affine_backward (g->dz1, X, net->W1, reg, NULL, &lg1);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* dx = (prob - Y) / N,  Y one-hot */
static void
softmax_loss_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *dx)
{
  size_t i;
  const size_t N = prob->size1;

  gsl_matrix_memcpy (dx, prob);
  for (i = 0; i < N; i++)
    {
      double *p = gsl_matrix_ptr (dx, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (dx, 1.0 / (double) N);
}

/* out = x w + b
 * dx = dout w^T ; dW = x^T dout + (reg term) ; db = column sums of dout */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, double reg,
                 gsl_matrix *dx, layer_grads *lg)
{
  size_t i, j;

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, lg->dW);

  /* derivative of the reg term */
  for (i = 0; i < w->size1; i++)
    for (j = 0; j < w->size2; j++)
      *gsl_matrix_ptr (lg->dW, i, j) += reg * gsl_matrix_get (w, i, j);

  for (j = 0; j < dout->size2; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (dout, j);
      double s = 0.0;
      for (i = 0; i < col.vector.size; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (lg->db, j, s);
    }

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
}

/* only where x > 0 */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t i, j;
  for (i = 0; i < x->size1; i++)
    for (j = 0; j < x->size2; j++)
      gsl_matrix_set (dx, i, j,
                      (gsl_matrix_get (x, i, j) > 0.0) * gsl_matrix_get (dout, i, j));
}
