/*
 * backward.c  --  Homework 5, neural net unit
 * Marcus Chen
 *
 * Works one sample (one row) at a time with gsl row views, like the
 * "for each example" version in the notes:
 *   dW2 += outer(p1_i, dz2_i),  dp1_i = W2 dz2_i,  etc.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = 2 * reg * W  (start the sum from the penalty) */
static void
start_with_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  gsl_matrix_memcpy (dW, W);
  gsl_matrix_scale (dW, 2.0 * reg);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t n, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  start_with_reg (g->dW2, net->W2, reg);
  start_with_reg (g->dW1, net->W1, reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view prob_n = gsl_matrix_const_row (cache->prob, n);
      gsl_vector_const_view p1_n = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view z1_n = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_const_view x_n = gsl_matrix_const_row (X, n);
      gsl_vector_view dz2_n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1_n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1_n = gsl_matrix_row (g->dz1, n);

      /* softmax + cross entropy: (p - e_y) / N */
      gsl_vector_memcpy (&dz2_n.vector, &prob_n.vector);
      gsl_vector_set (&dz2_n.vector, y[n], gsl_vector_get (&dz2_n.vector, y[n]) - 1.0);
      gsl_vector_scale (&dz2_n.vector, 1.0 / N);

      /* second layer */
      gsl_blas_dger (1.0, &p1_n.vector, &dz2_n.vector, g->dW2);
      gsl_vector_add (g->db2, &dz2_n.vector);

      /* dp1_n = W2 dz2_n   (W2 is H x C) */
      gsl_blas_dgemv (CblasNoTrans, 1.0, net->W2, &dz2_n.vector, 0.0, &dp1_n.vector);

      /* relu */
      for (h = 0; h < net->H; h++)
        {
          double d = gsl_vector_get (&dp1_n.vector, h);
          gsl_vector_set (&dz1_n.vector, h,
                          gsl_vector_get (&z1_n.vector, h) > 0.0 ? d : 0.0);
        }

      /* first layer */
      gsl_blas_dger (1.0, &x_n.vector, &dz1_n.vector, g->dW1);
      gsl_vector_add (g->db1, &dz1_n.vector);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
