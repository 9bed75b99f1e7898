/* backward.c
 *
 * Lab: backpropagation by hand.
 *   grad_dz2   softmax loss
 *   grad_dW    weights of either layer (input^T upstream + regularisation)
 *   grad_db    biases of either layer
 *   grad_dp1   into the hidden layer
 *   grad_dz1   through the ReLU
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
grad_dz2 (gsl_matrix *dz2, const gsl_matrix *prob, const size_t *y)
{
  size_t i, N = prob->size1;

  gsl_matrix_memcpy (dz2, prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (dz2, 1.0 / N);
}

static void
grad_dW (gsl_matrix *dW, const gsl_matrix *in, const gsl_matrix *dout,
         const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, reg);          /* derivative of reg * sum W^2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 1.0, dW);
}

static void
grad_db (gsl_vector *db, const gsl_matrix *dout)
{
  size_t i;

  gsl_vector_set_zero (db);
  for (i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dout, i);
      gsl_blas_daxpy (1.0, &r.vector, db);
    }
}

static void
grad_dp1 (gsl_matrix *dp1, const gsl_matrix *dz2, const gsl_matrix *W2)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, W2, 0.0, dp1);
}

static void
grad_dz1 (gsl_matrix *dz1, const gsl_matrix *dp1, const gsl_matrix *z1)
{
  size_t i, j;

  for (i = 0; i < z1->size1; i++)
    for (j = 0; j < z1->size2; j++)
      {
        double d = 0.0;
        if (gsl_matrix_get (z1, i, j) > 0.0)
          d = gsl_matrix_get (dp1, i, j);
        gsl_matrix_set (dz1, i, j, d);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  grad_dz2 (g->dz2, cache->prob, y);
  grad_dW (g->dW2, cache->p1, g->dz2, net->W2, reg);
  grad_db (g->db2, g->dz2);
  grad_dp1 (g->dp1, g->dz2, net->W2);
  grad_dz1 (g->dz1, g->dp1, cache->z1);
  grad_dW (g->dW1, X, g->dz1, net->W1, reg);
  grad_db (g->db1, g->dz1);

  g->present = BP_GRADS_ALL;
  return 0;
}
