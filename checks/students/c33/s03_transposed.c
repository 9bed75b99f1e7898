/* backward.c -- Numerical methods for ML, homework 2
 * Student: Ines Carvalho (group 3)
 *
 * I keep everything "column-major in spirit": the per-sample gradients are
 * the COLUMNS of dz2^T (C x N) and dz1^T (H x N).  Then
 *   dW2   = p1^T dz2       = p1^T (dz2^T)^T          (dgemm Trans, Trans)
 *   dp1^T = W2 dz2^T                                  (H x N)
 *   db2   = dz2^T 1        (row sums of dz2^T, dgemv NoTrans)
 *   dW1^T = dz1^T X                                   (H x D)
 * and transpose back at the end.  The ReLU mask is taken from p1 (p1 > 0
 * exactly where z1 > 0). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  gsl_matrix *dz2t = gsl_matrix_alloc (C, N);
  gsl_matrix *dp1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dz1t = gsl_matrix_alloc (H, N);
  gsl_matrix *dW1t = gsl_matrix_alloc (H, D);
  gsl_vector *oneN = gsl_vector_alloc (N);
  gsl_vector_set_all (oneN, 1.0);

  /* dz2^T = (P^T - Y^T) / N */
  gsl_matrix_transpose_memcpy (dz2t, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (dz2t, y[i], i) -= 1.0;
  gsl_matrix_scale (dz2t, 1.0 / N);
  gsl_matrix_transpose_memcpy (g->dz2, dz2t);

  /* dW2 = p1^T dz2 + 2 reg W2 : W2 copied, penalty in beta */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasTrans, 1.0, cache->p1, dz2t, 2.0 * reg, g->dW2);

  /* db2 = row sums of dz2^T */
  gsl_blas_dgemv (CblasNoTrans, 1.0, dz2t, oneN, 0.0, g->db2);

  /* dp1^T = W2 dz2^T, then dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, net->W2, dz2t, 0.0, dp1t);
  gsl_matrix_transpose_memcpy (g->dp1, dp1t);

  /* dz1^T = dp1^T .* [p1^T > 0] */
  for (size_t h = 0; h < H; h++)
    for (size_t i = 0; i < N; i++)
      gsl_matrix_set (dz1t, h, i, gsl_matrix_get (cache->p1, i, h) > 0.0
                                  ? gsl_matrix_get (dp1t, h, i) : 0.0);
  gsl_matrix_transpose_memcpy (g->dz1, dz1t);

  /* dW1^T = dz1^T X  (H x D), then + 2 reg W1^T, then transpose back */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dz1t, X, 0.0, dW1t);
  for (size_t h = 0; h < H; h++)
    for (size_t d = 0; d < D; d++)
      *gsl_matrix_ptr (dW1t, h, d) += 2.0 * reg * gsl_matrix_get (net->W1, d, h);
  gsl_matrix_transpose_memcpy (g->dW1, dW1t);

  /* db1 = row sums of dz1^T */
  gsl_blas_dgemv (CblasNoTrans, 1.0, dz1t, oneN, 0.0, g->db1);

  gsl_matrix_free (dz2t);
  gsl_matrix_free (dp1t);
  gsl_matrix_free (dz1t);
  gsl_matrix_free (dW1t);
  gsl_vector_free (oneN);
  g->present = BP_GRADS_ALL;
  return 0;
}
