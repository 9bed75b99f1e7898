/* backward.c -- Lukas Weber
 * Vectorised with BLAS. Mirrors my numpy version:
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = h.T @ dscores + 2*reg*W2 ; db2 = dscores.sum(0)
 *   dh = dscores @ W2.T ; dh[z1 <= 0] = 0
 *   dW1 = X.T @ dh + 2*reg*W1 ; db1 = dh.sum(0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double t = 0;
      for (size_t i = 0; i < A->size1; i++)
        t += gsl_matrix_get (A, i, j);
      gsl_vector_set (s, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dscores = g->dz2;
  gsl_matrix_memcpy (dscores, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, g->dW2);
  colsum (dscores, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, g->dp1);

  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
