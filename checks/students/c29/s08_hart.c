/*
 * two_layer_net backward, C port of my numpy solution
 * Amelia Hart -- CS231n-style assignment, part C
 *
 * Vectorised with BLAS:
 *   dscores = (probs - Y) / N
 *   dW2 = h^T dscores + lambda W2,  db2 = sum(dscores, axis=0)
 *   dh  = dscores W2^T,  dh[z1 <= 0] = 0
 *   dW1 = X^T dh + lambda W1,       db1 = sum(dh, axis=0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  const double lambda = reg;   /* weight decay strength, d/dW of the L2 term */

  /* dscores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* layer 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  lambda, g->dW2);
  sum_rows (g->dz2, g->db2);

  /* hidden */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) <= 0.0
                      ? 0.0 : gsl_matrix_get (g->dp1, i, j));

  /* layer 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, lambda, g->dW1);
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
