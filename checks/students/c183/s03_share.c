/*
 * backward.c  --  Assignment 2, part 3
 *
 * Per-sample backprop.  delta = p_i - onehot(y_i) is kept UNSCALED in a
 * scratch vector and the 1/N goes into the alpha of the BLAS calls.
 * The penalty is spread over the samples: every sample adds 2 reg W / N,
 * so after N samples the weight gradients carry 2 reg W exactly once.
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C, D = net->D;
  const double invN = 1.0 / N;
  gsl_vector *delta;
  size_t n, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  delta = gsl_vector_alloc (C);
  if (delta == NULL)
    return 1;

  /* flat views of the weights and their gradients (rows are contiguous) */
  gsl_vector_view W1f = gsl_vector_view_array (net->W1->data, D * H);
  gsl_vector_view W2f = gsl_vector_view_array (net->W2->data, H * C);
  gsl_vector_view dW1f = gsl_vector_view_array (g->dW1->data, D * H);
  gsl_vector_view dW2f = gsl_vector_view_array (g->dW2->data, H * C);

  gsl_vector_set_zero (&dW1f.vector);
  gsl_vector_set_zero (&dW2f.vector);
  gsl_vector_set_zero (g->db1);
  gsl_vector_set_zero (g->db2);

  for (n = 0; n < N; n++)
    {
      gsl_vector_const_view xn = gsl_matrix_const_row (X, n);
      gsl_vector_const_view an = gsl_matrix_const_row (cache->p1, n);
      gsl_vector_const_view zn = gsl_matrix_const_row (cache->z1, n);
      gsl_vector_view dz2n = gsl_matrix_row (g->dz2, n);
      gsl_vector_view dp1n = gsl_matrix_row (g->dp1, n);
      gsl_vector_view dz1n = gsl_matrix_row (g->dz1, n);

      gsl_matrix_get_row (delta, cache->prob, n);
      *gsl_vector_ptr (delta, y[n]) -= 1.0;

      /* what we hand back is the scaled one */
      gsl_vector_memcpy (&dz2n.vector, delta);
      gsl_vector_scale (&dz2n.vector, invN);

      gsl_blas_dger (invN, &an.vector, delta, g->dW2);
      gsl_blas_daxpy (invN, delta, g->db2);
      gsl_blas_dgemv (CblasNoTrans, invN, net->W2, delta, 0.0, &dp1n.vector);

      for (j = 0; j < H; j++)
        {
          double d = gsl_vector_get (&dp1n.vector, j);
          if (gsl_vector_get (&zn.vector, j) <= 0.0)
            d = 0.0;
          gsl_vector_set (&dz1n.vector, j, d);
        }
      gsl_blas_dger (1.0, &xn.vector, &dz1n.vector, g->dW1);
      gsl_blas_daxpy (1.0, &dz1n.vector, g->db1);

      /* this sample's share of the penalty */
      gsl_blas_daxpy (2.0 * reg * invN, &W2f.vector, &dW2f.vector);
      gsl_blas_daxpy (2.0 * reg * invN, &W1f.vector, &dW1f.vector);
    }

  gsl_vector_free (delta);
  g->present = BP_GRADS_ALL;
  return 0;
}
