/* backward.c  (HW3, problem 2)
 *
 *   diff = prob - onehot(y)           N x C   (kept unscaled, reused)
 *   dz2  = diff / N
 *   ...
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t k, h;
  double invN = 1.0 / (double) N;

  gsl_matrix *diff = gsl_matrix_alloc (N, net->C);
  gsl_matrix *W2t = gsl_matrix_alloc (net->C, net->H);
  gsl_matrix *dhid = gsl_matrix_alloc (N, net->H);
  gsl_matrix *relu_d = gsl_matrix_alloc (N, net->H);
  gsl_vector *ones = gsl_vector_alloc (N);

  gsl_vector_set_all (ones, 1.0);

  /* diff = prob - onehot */
  gsl_matrix_memcpy (diff, cache->prob);
  for (k = 0; k < N; k++)
    gsl_matrix_set (diff, k, y[k], gsl_matrix_get (diff, k, y[k]) - 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, diff);
  gsl_matrix_scale (g->dz2, invN);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = column sums of dz2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_matrix_transpose_memcpy (W2t, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, diff, W2t, 0.0, dhid);
  gsl_matrix_memcpy (g->dp1, dhid);

  /* relu derivative: 1 where z1 > 0 */
  gsl_matrix_set_zero (relu_d);
  for (k = 0; k < N; k++)
    for (h = 0; h < net->H; h++)
      if (gsl_matrix_get (cache->z1, k, h) > 0)
        gsl_matrix_set (relu_d, k, h, 1.0);
  gsl_matrix_mul_elements (dhid, relu_d);
  gsl_matrix_memcpy (g->dz1, dhid);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (diff);
  gsl_matrix_free (W2t);
  gsl_matrix_free (dhid);
  gsl_matrix_free (relu_d);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
