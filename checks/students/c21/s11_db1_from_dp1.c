/*
 * backward.c  (Sofia Marchetti)
 *
 * Notation: "delta" = gradient of the loss wrt a layer's pre-activation.
 *   delta2 = dz2,  delta1 = dz1.
 * Heavy use of gsl views to avoid copies.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* bias gradient = sum of delta over the samples (rows) */
static void
bias_grad (const gsl_matrix *delta, gsl_vector *db)
{
  size_t i;
  gsl_vector_set_zero (db);
  for (i = 0; i < delta->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (delta, i);
      gsl_vector_add (db, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *delta2 = g->dz2;
  gsl_matrix *delta1 = g->dz1;
  gsl_matrix *hidden_grad = g->dp1;

  /* delta2 = (softmax - onehot) / N */
  gsl_matrix_memcpy (delta2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view r = gsl_matrix_row (delta2, i);
      gsl_vector_set (&r.vector, y[i], gsl_vector_get (&r.vector, y[i]) - 1.0);
    }
  gsl_matrix_scale (delta2, 1.0 / N);

  /* W2, b2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2, 2.0 * reg, g->dW2);
  bias_grad (delta2, g->db2);

  /* back through W2 and the relu */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, hidden_grad);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (delta1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (hidden_grad, i, j) : 0.0);

  /* W1, b1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, g->dW1);
  bias_grad (hidden_grad, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
