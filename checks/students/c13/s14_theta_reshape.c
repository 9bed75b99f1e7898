/* backward.c -- P3 backprop (2-layer net)
 *
 * I did the Coursera ML course in Octave, where Theta1 is (hidden x input)
 * and Theta2 is (classes x hidden) and examples are rows of X.  Here
 * W1 = Theta1' and W2 = Theta2'.  I compute the gradients in the Octave
 * orientation (the code I trust) and convert at the end:
 *
 *   d3 = (a3 - Y) / m;                           % m x K
 *   Theta2_grad = d3' * a2 + 2*lambda*Theta2;    % K x h
 *   d2 = (d3 * Theta2) .* (z2 > 0);              % m x h
 *   Theta1_grad = d2' * X + 2*lambda*Theta1;     % h x n
 *   b2 = sum(d3)';  b1 = sum(d2)';
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, n = net->D, h = net->H, K = net->C;
  double lambda = reg;

  if (m != cache->N || X->size2 != n || g->N != m)
    return 1;

  gsl_matrix *Theta1 = gsl_matrix_alloc (h, n);
  gsl_matrix *Theta2 = gsl_matrix_alloc (K, h);
  gsl_matrix *Theta1_grad = gsl_matrix_alloc (h, n);
  gsl_matrix *Theta2_grad = gsl_matrix_alloc (K, h);
  gsl_matrix *d3 = g->dz2;
  gsl_matrix *d2 = g->dz1;

  gsl_matrix_transpose_memcpy (Theta1, net->W1);
  gsl_matrix_transpose_memcpy (Theta2, net->W2);

  /* d3 = (a3 - Y) / m */
  gsl_matrix_memcpy (d3, cache->prob);
  for (size_t t = 1; t <= m; t++)
    {
      double *p = gsl_matrix_ptr (d3, t - 1, y[t - 1]);
      *p -= 1.0;
    }
  gsl_matrix_scale (d3, 1.0 / m);

  /* Theta2_grad = d3' * a2 + 2*lambda*Theta2 */
  gsl_matrix_memcpy (Theta2_grad, Theta2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, d3, cache->p1,
                  2 * lambda, Theta2_grad);

  /* grad wrt a2:  d3 * Theta2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, d3, Theta2, 0.0, g->dp1);

  /* d2 = (d3 * Theta2) .* (z2 > 0) */
  for (size_t t = 1; t <= m; t++)
    for (size_t j = 1; j <= h; j++)
      gsl_matrix_set (d2, t - 1, j - 1,
                      gsl_matrix_get (cache->z1, t - 1, j - 1) > 0
                      ? gsl_matrix_get (g->dp1, t - 1, j - 1) : 0.0);

  /* Theta1_grad = d2' * X + 2*lambda*Theta1 */
  gsl_matrix_memcpy (Theta1_grad, Theta1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, d2, X, 2 * lambda, Theta1_grad);

  /* biases: sum over the examples (rows) */
  for (size_t k = 1; k <= K; k++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (d3, k - 1);
      double s = 0;
      for (size_t t = 0; t < m; t++)
        s += gsl_vector_get (&c.vector, t);
      gsl_vector_set (g->db2, k - 1, s);
    }
  for (size_t j = 1; j <= h; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (d2, j - 1);
      double s = 0;
      for (size_t t = 0; t < m; t++)
        s += gsl_vector_get (&c.vector, t);
      gsl_vector_set (g->db1, j - 1, s);
    }

  /* back to the W orientation of this library: W2 = Theta2',
   * W1 = reshape of Theta1 (like unrolling nn_params in ex4) */
  gsl_matrix_transpose_memcpy (g->dW2, Theta2_grad);
  gsl_matrix_view T1 = gsl_matrix_view_array (Theta1_grad->data, n, h);
  gsl_matrix_memcpy (g->dW1, &T1.matrix);

  gsl_matrix_free (Theta1);
  gsl_matrix_free (Theta2);
  gsl_matrix_free (Theta1_grad);
  gsl_matrix_free (Theta2_grad);
  g->present = BP_GRADS_ALL;
  return 0;
}
