// Homework 2 - backpropagation
// The TA said gsl_blas_dgemm is faster than three loops, so I use it for
// the matrix products.  Each quantity from the slides gets its own matrix.

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  // ---- output layer ----
  // dscores = (probs - Y) / N
  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  // dW2 = hidden^T * dscores + regularisation term 2*reg*W2
  gsl_matrix *hidden_T_times_dscores = gsl_matrix_alloc (H, C);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0,
                  hidden_T_times_dscores);
  gsl_matrix *regularisation_term_W2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (regularisation_term_W2, net->W2);
  gsl_matrix_scale (regularisation_term_W2, 2.0 * reg);
  gsl_matrix_add (hidden_T_times_dscores, regularisation_term_W2);
  gsl_matrix_memcpy (g->dW2, hidden_T_times_dscores);

  // db2 = ones^T * dscores  (sum of the rows)
  gsl_vector *ones_N = gsl_vector_alloc (N);
  gsl_vector_set_all (ones_N, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, dscores, ones_N, 0.0, g->db2);

  // ---- hidden layer ----
  // dhidden = dscores * W2^T
  gsl_matrix *dhidden = gsl_matrix_alloc (N, H);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  // relu derivative: 1 where z1 > 0, 0 elsewhere
  gsl_matrix *relu_derivative = gsl_matrix_alloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (relu_derivative, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  // dz1 = dhidden .* relu_derivative (element by element)
  gsl_matrix *dz1_temp = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (dz1_temp, dhidden);
  gsl_matrix_mul_elements (dz1_temp, relu_derivative);
  gsl_matrix_memcpy (g->dz1, dz1_temp);

  // dW1 = X^T dz1 + 2 reg W1
  gsl_matrix *X_T_times_dz1 = gsl_matrix_alloc (D, H);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1_temp, 0.0, X_T_times_dz1);
  gsl_matrix *regularisation_term_W1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (regularisation_term_W1, net->W1);
  gsl_matrix_scale (regularisation_term_W1, 2.0 * reg);
  gsl_matrix_add (X_T_times_dz1, regularisation_term_W1);
  gsl_matrix_memcpy (g->dW1, X_T_times_dz1);

  // db1 = ones^T dz1
  gsl_blas_dgemv (CblasTrans, 1.0, dz1_temp, ones_N, 0.0, g->db1);

  gsl_matrix_free (dscores);
  gsl_matrix_free (hidden_T_times_dscores);
  gsl_matrix_free (regularisation_term_W2);
  gsl_vector_free (ones_N);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (relu_derivative);
  gsl_matrix_free (dz1_temp);
  gsl_matrix_free (X_T_times_dz1);
  gsl_matrix_free (regularisation_term_W1);

  g->present = BP_GRADS_ALL;
  return 0;
}
