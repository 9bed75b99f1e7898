/* backward.c
 * Project 2 -- two-layer net, backward pass
 *
 * The layers' backward functions have the same argument order as in the
 * numpy starter code:  xxx_backward(dout, cache_stuff, dx_out)
 *
 * a1 = relu(z1),  delta2 = dL/dz2,  delta1 = dL/dz1
 */

#include <assert.h>
#include <stddef.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz = dout where z > 0, else 0 */
static void
relu_backward (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *dz)
{
  assert (dout->size1 == z->size1 && dout->size2 == z->size2);
  for (size_t i = 0; i < z->size1; i++)
    for (size_t j = 0; j < z->size2; j++)
      {
        if (gsl_matrix_get (z, i, j) > 0.0)
          gsl_matrix_set (dz, i, j, gsl_matrix_get (dout, i, j));
        else
          gsl_matrix_set (dz, i, j, 0.0);
      }
}

/* dW = x^T dout, db = sum_i dout[i], dx = dout W^T (dx may be NULL) */
static void
affine_backward (const gsl_matrix *dout, const gsl_matrix *x, const gsl_matrix *W,
                 gsl_matrix *dx, gsl_matrix *dW, gsl_vector *db)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, x, dout, 0.0, dW);

  gsl_vector_set_zero (db);
  for (size_t i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dout, i);
      gsl_vector_add (db, &r.vector);
    }

  if (dx != NULL)
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, dx);
}

/* dW += 2 reg W */
static void
l2_backward (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

/* delta2 = (prob - onehot) / N */
static void
softmax_loss_backward (const gsl_matrix *prob, const size_t *y, gsl_matrix *delta2)
{
  const size_t N = prob->size1;
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < prob->size2; c++)
      {
        double v = gsl_matrix_get (prob, i, c);
        if (c == y[i])
          v -= 1.0;
        gsl_matrix_set (delta2, i, c, v / (double) N);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  softmax_loss_backward (cache->prob, y, g->dz2);

  affine_backward (g->dz2, cache->p1, net->W2, g->dp1, g->dW2, g->db2);
  l2_backward (net->W2, reg, g->dW2);

  relu_backward (cache->z1, g->dp1, g->dz1);

  affine_backward (g->dz1, X, net->W1, NULL, g->dW1, g->db1);
  l2_backward (net->W1, reg, g->dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
