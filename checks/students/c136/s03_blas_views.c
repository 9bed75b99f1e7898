/* backward.c -- backprop with BLAS for the matrix products.
 *
 *   delta_out    = (P - T) / N                 (N x C)
 *   grad_w_out   = A_hidden^T delta_out + 2 reg W2
 *   grad_b_out   = column sums of delta_out
 *   err_hidden   = delta_out W2^T              (N x H)
 *   delta_hidden = err_hidden .* f'(net_hidden)
 *   grad_w_hid   = X^T delta_hidden + 2 reg W1
 *   grad_b_hid   = column sums of delta_hidden
 */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = sum of the rows of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *b)
{
  size_t i;
  gsl_vector_set_zero (b);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, i);
      gsl_vector_add (b, &row.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  size_t i, j;
  gsl_matrix *delta_out = g->dz2, *err_hidden = g->dp1, *delta_hidden = g->dz1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* delta_out = P - T, then / N */
  gsl_matrix_memcpy (delta_out, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (delta_out, i, y[i], gsl_matrix_get (delta_out, i, y[i]) - 1.0);
  gsl_matrix_scale (delta_out, 1.0 / (double) N);

  /* grad_w_out: start from W2 so beta = 2 reg adds the decay term */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta_out,
                  2.0 * reg, g->dW2);
  sum_rows (delta_out, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta_out, net->W2,
                  0.0, err_hidden);

  /* relu: the unit was active exactly when its output a = max(0, net) is > 0 */
  gsl_matrix_memcpy (delta_hidden, err_hidden);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0.0))
        gsl_matrix_set (delta_hidden, i, j, 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta_hidden,
                  2.0 * reg, g->dW1);
  sum_rows (delta_hidden, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
