/* backward.c -- backward pass of the two-layer net.
 *
 * Bias trick from the lecture: an affine layer out = A W + 1 b' is the
 * product [A 1] [W; b'], so one dgemm with the input augmented by a
 * column of ones gives both parameter gradients at once:
 *
 *   G = [A 1]' dZ       (K + 1, M)
 *   dW = G[0 .. K-1, :] + 2 reg W,   db = G[K, :]
 */

#include <assert.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW and db of an affine layer with input A (N, K), weights W (K, M) and
   upstream dZ (N, M).  Returns 0, or GSL_ENOMEM.  */
static int
affine_param_grads (const gsl_matrix *A, const gsl_matrix *W,
                    const gsl_matrix *dZ, double reg,
                    gsl_matrix *dW, gsl_vector *db)
{
  const size_t N = A->size1, K = A->size2, M = dZ->size2;
  gsl_matrix *Aaug, *G;

  assert (dZ->size1 == N && W->size1 == K && W->size2 == M);
  assert (dW->size1 == K && dW->size2 == M && db->size == M);

  Aaug = gsl_matrix_alloc (N, K + 1);
  G = gsl_matrix_alloc (K + 1, M);
  if (Aaug == NULL || G == NULL)
    {
      gsl_matrix_free (Aaug);
      gsl_matrix_free (G);
      return GSL_ENOMEM;
    }

  {
    gsl_matrix_view left = gsl_matrix_submatrix (Aaug, 0, 0, N, K);
    gsl_vector_view last = gsl_matrix_column (Aaug, K);

    gsl_matrix_memcpy (&left.matrix, A);
    gsl_vector_set_all (&last.vector, 1.0);
  }

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, Aaug, dZ, 0.0, G);

  {
    gsl_matrix_const_view top = gsl_matrix_const_submatrix (G, 0, 0, K, M);
    gsl_vector_const_view bias_row = gsl_matrix_const_row (G, K - 1);

    gsl_matrix_memcpy (dW, &top.matrix);
    gsl_vector_memcpy (db, &bias_row.vector);
  }

  /* dW += 2 reg W, row by row */
  {
    size_t k;

    for (k = 0; k < K; k++)
      {
        gsl_vector_const_view w = gsl_matrix_const_row (W, k);
        gsl_vector_view dw = gsl_matrix_row (dW, k);
        gsl_blas_daxpy (2.0 * reg, &w.vector, &dw.vector);
      }
  }

  gsl_matrix_free (G);
  gsl_matrix_free (Aaug);
  return 0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;

  assert (cache->N == N && g->N == N && X->size2 == net->D);

  /* dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j)
                       - (j == y[i] ? 1.0 : 0.0)) / (double) N);

  if (affine_param_grads (cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2))
    return 1;
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  if (affine_param_grads (X, net->W1, g->dz1, reg, g->dW1, g->db1))
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
