/* backward.c  --  Lab 3, two-layer network
 * Name: Kevin Dubreuil
 *
 * dscores = (P - Y)/N, then the usual chain:
 *   dW2 = h^T dscores + 2 reg W2, db2 = sum_i dscores_i, dh = dscores W2^T,
 *   dz1 = dh * (z1 > 0), dW1 = X^T dz1 + 2 reg W1, db1 = sum_i dz1_i. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  double inv_n = 1.0 / N;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 = P/N - Y/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, inv_n);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* 3. db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* 4. dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* 5. dz1 = dp1 .* 1[z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

  /* 7. db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
