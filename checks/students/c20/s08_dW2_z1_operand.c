/* ---------------------------------------------------------------
 * backward.c      Marcus Webb      ECE 590 PS2
 * ---------------------------------------------------------------
 * dz2 -> (dW2, db2, dp1) -> dz1 -> (dW1, db1)
 * --------------------------------------------------------------- */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const double invN = 1.0 / (double) N;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- output layer ---- */
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dz2, i, c,
                      invN * (gsl_matrix_get (cache->prob, i, c) - (c == y[i])));

  /* dW2 = (hidden layer)^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->z1, g->dz2, 2.0 * reg, g->dW2);

  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < net->C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, i, c);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < net->H; h++)
      *gsl_vector_ptr (g->db1, h) += gsl_matrix_get (g->dz1, i, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
