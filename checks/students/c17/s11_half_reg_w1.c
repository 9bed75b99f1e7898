/* backward.c -- R. Castellanos
 * Neural nets HW, problem 3(b).
 *
 * dz2, then everything that only needs dz2 (db2, dp1, dW2), then the
 * hidden layer.  The L2 term for each weight matrix is an axpy on the
 * raw data arrays.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  gsl_matrix *relu_d = gsl_matrix_alloc (N, H);

  gsl_vector_set_all (ones, 1.0);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);

  /* dz2 = (softmax - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Y);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* db2 = 1^T dz2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_vector_view dw2 = gsl_vector_view_array (g->dW2->data, H * C);
  gsl_vector_view w2 = gsl_vector_view_array (net->W2->data, H * C);
  gsl_blas_daxpy (2.0 * reg, &w2.vector, &dw2.vector);

  /* dz1 = dp1 .* relu'(z1) */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (relu_d, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, relu_d);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  /* db1 = 1^T dz1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  /* dW1 = X^T dz1 + reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_vector_view dw1 = gsl_vector_view_array (g->dW1->data, D * H);
  gsl_vector_view w1 = gsl_vector_view_array (net->W1->data, D * H);
  gsl_blas_daxpy (reg, &w1.vector, &dw1.vector);

  gsl_vector_free (ones);
  gsl_matrix_free (Y);
  gsl_matrix_free (relu_d);
  g->present = BP_GRADS_ALL;
  return 0;
}
