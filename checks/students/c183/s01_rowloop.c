/* backward.c -- lab 4, backward pass of the two-layer net.
 *
 * Done one sample at a time, as in the lecture notes: for every row i of
 * the batch we work out the gradient of that sample's loss and add it
 * into the parameter gradients with outer products (dger).  The penalty
 * is added once, after the loop. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double invN = 1.0 / (double) N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* the sums start from zero */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view x = gsl_matrix_const_row (X, i);
      gsl_vector_const_view p = gsl_matrix_const_row (cache->prob, i);
      gsl_vector_const_view h = gsl_matrix_const_row (cache->p1, i);
      gsl_vector_const_view z = gsl_matrix_const_row (cache->z1, i);
      gsl_vector_view dz2 = gsl_matrix_row (g->dz2, i);
      gsl_vector_view dp1 = gsl_matrix_row (g->dp1, i);
      gsl_vector_view dz1 = gsl_matrix_row (g->dz1, i);

      /* dscores of sample i: (p - onehot(y_i)) / N */
      gsl_vector_memcpy (&dz2.vector, &p.vector);
      gsl_vector_set (&dz2.vector, y[i],
                      gsl_vector_get (&dz2.vector, y[i]) - 1.0);
      gsl_vector_scale (&dz2.vector, invN);

      /* second layer: dW2 += h dz2', db2 += dz2 */
      gsl_blas_dger (1.0, &h.vector, &dz2.vector, g->dW2);
      gsl_blas_daxpy (1.0, &dz2.vector, g->db2);

      /* into the hidden layer: dp1 = W2 dz2  (H x C times C) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2.vector, 0.0,
                      &dp1.vector);

      /* relu: pass the gradient only where z1 > 0 */
      for (j = 0; j < net->H; j++)
        gsl_vector_set (&dz1.vector, j,
                        gsl_vector_get (&z.vector, j) > 0.0
                        ? gsl_vector_get (&dp1.vector, j) : 0.0);

      /* first layer: dW1 += x dz1', db1 += dz1 */
      gsl_blas_dger (1.0, &x.vector, &dz1.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz1.vector, g->db1);
    }

  /* regularisation, once for the batch: d/dW reg |W|^2 = 2 reg W */
  for (i = 0; i < net->H; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
  for (i = 0; i < net->D; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2.0 * reg * gsl_matrix_get (net->W1, i, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
