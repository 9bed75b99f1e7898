/* backward.c
 * Backprop for the 2-layer net (Numerical Methods, assignment on autodiff).
 *
 * Reverse sweep, with u = ones(N):
 *   dz2 <- (softmax - onehot)/N
 *   dW2 <- p1' dz2 + 2 reg W2 ;  db2 <- dz2' u
 *   dp1 <- dz2 W2'
 *   dz1 <- dp1 .* (z1 > 0)
 *   dW1 <- X' dz1 + 2 reg W1  ;  db1 <- dz1' u
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, n, k;
  gsl_vector *u = gsl_vector_alloc (N);
  gsl_matrix *gate = gsl_matrix_alloc (N, net->H);
  gsl_vector_set_all (u, 1.0);

  /* dz2 */
  for (n = 0; n < N; n++)
    for (k = 0; k < net->C; k++)
      gsl_matrix_set (g->dz2, n, k, (gsl_matrix_get (cache->prob, n, k)
                                     - (k == y[n] ? 1.0 : 0.0)) / N);

  /* dW2, db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_scale (gate, 0.0);         /* (gate reused below) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, u, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* gate */
  for (n = 0; n < N; n++)
    for (k = 0; k < net->H; k++)
      gsl_matrix_set (gate, n, k, gsl_matrix_get (cache->z1, n, k) > 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, gate);

  /* dW1, db1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dp1, u, 0.0, g->db1);

  /* penalty, 2 reg W */
  {
    gsl_matrix_view dW1v = gsl_matrix_submatrix (g->dW1, 0, 0, net->D, net->H);
    size_t i, j;
    for (i = 0; i < net->D; i++)
      for (j = 0; j < net->H; j++)
        *gsl_matrix_ptr (&dW1v.matrix, i, j) += 2 * reg * gsl_matrix_get (net->W1, i, j);
    for (i = 0; i < net->H; i++)
      for (j = 0; j < net->C; j++)
        *gsl_matrix_ptr (g->dW2, i, j) += 2 * reg * gsl_matrix_get (net->W2, i, j);
  }

  gsl_matrix_free (gate);
  gsl_vector_free (u);
  g->present = BP_GRADS_ALL;
  return 0;
}
