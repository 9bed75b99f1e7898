/* two_layer_backward.c
 * Numerical Methods (grad) -- Assignment 6, part B.
 *
 * Loss: L = (1/N) sum_n CE(softmax(z2_n), y_n) + reg (|W1|_F^2 + |W2|_F^2)
 *
 *   delta2 = dL/dz2 = (softmax(z2) - onehot(y)) / N
 *   dL/dW2 = (1/N) p1^T delta2 + 2 reg W2     (average over the batch)
 *   dL/db2 = sum_n delta2_n
 *   dL/dp1 = delta2 W2^T
 *   delta1 = dL/dz1 = dL/dp1 o 1{z1 > 0}
 *   dL/dW1 = X^T delta1 + 2 reg W1
 *   dL/db1 = sum_n delta1_n
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* b = column sums of A */
static void
sum_rows (const gsl_matrix *A, gsl_vector *b)
{
  size_t n;
  gsl_vector_set_zero (b);
  for (n = 0; n < A->size1; n++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, n);
      gsl_blas_daxpy (1.0, &r.vector, b);
    }
}

/* dW += 2 reg W, row by row */
static void
add_penalty (const gsl_matrix *W, double reg, gsl_matrix *dW)
{
  size_t k;
  for (k = 0; k < W->size1; k++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (W, k);
      gsl_vector_view d = gsl_matrix_row (dW, k);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;
  size_t n, h;

  /* delta2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, invN);

  /* layer 2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, invN, cache->p1, g->dz2, 0.0, g->dW2);
  add_penalty (net->W2, reg, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* back into the hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, n, h, (gsl_matrix_get (cache->z1, n, h) > 0.0)
                                    * gsl_matrix_get (g->dp1, n, h));

  /* layer 1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_penalty (net->W1, reg, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
