/* backward.c -- backprop for  X -> fc1 -> relu -> fc2 -> softmax
 *
 * fc layers with BLAS, relu/softmax with loops.
 * 
 * TODO: free-standing l2 helper?  for now inline
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dscores = (p - onehot(y)) / N */
static void
softmax_loss_backward (const gsl_matrix *probs, const size_t *y,
                       gsl_matrix *dscores)
{
  size_t n, c;
  const double N = (double) probs->size1;

  for (n = 0; n < probs->size1; n++)
    for (c = 0; c < probs->size2; c++)
      gsl_matrix_set (dscores, n, c,
                      (gsl_matrix_get (probs, n, c) - (c == y[n])) / N);
}

/* fc layer  out = x w + b  (x: N x in, w: in x out)
 *   dx = dout w'     dw = x' dout     db = column sums of dout */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x,
                 const gsl_matrix *w, gsl_matrix *dx, gsl_matrix *dw,
                 gsl_vector *db)
{
  size_t n;

  if (dx)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, w, 0.0, dx);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dw);
  gsl_vector_set_zero (db);
  for (n = 0; n < dout->size1; n++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dout, n);
      gsl_blas_daxpy (1.0, &row.vector, db);
    }
}

static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *x, gsl_matrix *dx)
{
  size_t n, h;
  for (n = 0; n < x->size1; n++)
    for (h = 0; h < x->size2; h++)
      {
        double d = gsl_matrix_get (dout, n, h);
        gsl_matrix_set (dx, n, h, gsl_matrix_get (x, n, h) > 0 ? d : 0);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  /* fc2: its input was the hidden layer */
  affine_backward (g->dz2, cache->z1, net->W2, g->dp1, g->dW2, g->db2);

  relu_backward (g->dp1, cache->z1, g->dz1);

  /* fc1 */
  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);

  /* reg: 2 * reg * W */
  {
    size_t i, j;
    for (i = 0; i < net->H; i++)
      for (j = 0; j < net->C; j++)
        *gsl_matrix_ptr (g->dW2, i, j) += 2 * reg * gsl_matrix_get (net->W2, i, j);
    for (i = 0; i < net->D; i++)
      for (j = 0; j < net->H; j++)
        *gsl_matrix_ptr (g->dW1, i, j) += 2 * reg * gsl_matrix_get (net->W1, i, j);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
