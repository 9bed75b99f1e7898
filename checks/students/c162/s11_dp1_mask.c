/*
 *  backward.c
 *  Neural Networks course -- programming assignment 2 (C)
 *  Backprop: softmax -> affine2 -> relu -> affine1
 *  Roll number 18EE10052
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* --- softmax loss gradient --- */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double pij = gsl_matrix_get (cache->prob, i, j);
        gsl_matrix_set (g->dz2, i, j, (j == y[i] ? pij - 1.0 : pij) / N);
      }

  /* --- second affine layer --- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      double b = 0.0;
      for (i = 0; i < N; i++)
        b += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, b);
    }

  /* --- hidden layer ---
   * p1 = relu(z1), so the gradient wrt the hidden layer gets multiplied
   * by relu'(z1); we do it here itself while computing dz2 * W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, gsl_matrix_get (cache->z1, i, j) > 0 ? s : 0.0);
      }

  /* relu already handled above */
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* --- first affine layer --- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      double b = 0.0;
      for (i = 0; i < N; i++)
        b += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, b);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
