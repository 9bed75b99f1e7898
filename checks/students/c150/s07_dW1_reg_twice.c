/* HW3 backward pass.
 *
 * The reg part of dW1/dW2 is put in through beta of dgemm: copy W into
 * the gradient first, then dgemm with beta = 2*reg.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1;
  size_t i, j;
  gsl_matrix *delta2 = gsl_matrix_alloc (n, net->C);
  gsl_matrix *delta1 = gsl_matrix_alloc (n, net->H);
  gsl_matrix *relu_grad = gsl_matrix_alloc (n, net->H);
  gsl_matrix *reg_term = gsl_matrix_alloc (net->D, net->H);
  gsl_vector *ones = gsl_vector_alloc (n);

  gsl_vector_set_all (ones, 1.0);

  /* output layer delta */
  gsl_matrix_memcpy (delta2, cache->prob);
  for (i = 0; i < n; i++)
    gsl_matrix_set (delta2, i, y[i], gsl_matrix_get (delta2, i, y[i]) - 1.0);
  gsl_matrix_scale (delta2, 1.0 / (double) n);
  gsl_matrix_memcpy (g->dz2, delta2);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, delta2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, delta2, ones, 0.0, g->db2);

  /* hidden layer delta */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, delta2, net->W2, 0.0, delta1);
  gsl_matrix_memcpy (g->dp1, delta1);

  for (i = 0; i < n; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (relu_grad, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (delta1, relu_grad);
  gsl_matrix_memcpy (g->dz1, delta1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, delta1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, delta1, ones, 0.0, g->db1);

  /* regularization of W1 */
  gsl_matrix_memcpy (reg_term, net->W1);
  gsl_matrix_scale (reg_term, 2.0 * reg);
  gsl_matrix_add (g->dW1, reg_term);

  gsl_matrix_free (delta2);
  gsl_matrix_free (delta1);
  gsl_matrix_free (relu_grad);
  gsl_matrix_free (reg_term);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
