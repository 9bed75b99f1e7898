/*
 * Lab 3 -- backward pass of the 2-layer net
 * Phan Quoc Viet, 20194789
 *
 * dscores -> dW2, db2 -> dhidden -> relu -> dW1, db1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
col_sum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;
  gsl_matrix *dz1 = g->dz1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double p = gsl_matrix_get (cache->prob, i, j);
        gsl_matrix_set (dscores, i, j, (p - (y[i] == j ? 1.0 : 0.0)) / N);
      }

  /* dW2 = hidden^T dscores + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores,
                  2.0 * reg, g->dW2);
  col_sum (dscores, g->db2);

  /* dhidden = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);

  /* relu backward, keep dhidden for checking */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0)
          gsl_matrix_set (dz1, i, j, gsl_matrix_get (dhidden, i, j));
        else
          gsl_matrix_set (dz1, i, j, 0.0);
      }

  /* dW1 = X^T dhidden + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);
  col_sum (dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
