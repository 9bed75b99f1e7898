/* backward.c -- Intro to Neural Networks, lab 4
   Author: Chloe Dubois

   Small single-purpose helpers (the instructor's "one function, one
   job"): weight_grad, bias_grad, input_grad, relu_grad, softmax_ce_grad.
   backward() calls them layer by layer, from the loss down.  */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dz = (prob - onehot(y)) / N */
static void
softmax_ce_grad (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz)
{
  size_t i, N = prob->size1;

  gsl_matrix_memcpy (dz, prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (dz, i, y[i]) -= 1.0;
  gsl_matrix_scale (dz, 1.0 / (double) N);
}

/* dW = in' dout + 2 reg W */
static void
weight_grad (const gsl_matrix *in, const gsl_matrix *dout,
             const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  gsl_matrix_memcpy (dW, W);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);
}

/* db = column sums of dout */
static void
bias_grad (const gsl_matrix *dout, gsl_vector *db)
{
  size_t i;

  gsl_vector_set_zero (db);
  for (i = 0; i < dout->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (dout, i);
      gsl_vector_add (db, &r.vector);
    }
}

/* din = dout W' */
static void
input_grad (const gsl_matrix *dout, const gsl_matrix *W, gsl_matrix *din)
{
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
}

/* din = dout .* [z > 0] */
static void
relu_grad (const gsl_matrix *dout, const gsl_matrix *z, gsl_matrix *din)
{
  size_t i, j;

  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (din, i, j,
                      gsl_matrix_get (z, i, j) > 0.0 ? gsl_matrix_get (dout, i, j) : 0.0);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* loss */
  softmax_ce_grad (cache->prob, y, g->dz2);

  /* layer 2 */
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);
  input_grad (g->dz2, net->W2, g->dp1);

  /* relu */
  relu_grad (g->dp1, cache->z1, g->dz1);

  /* layer 1 */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dp1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
