/*
 * backward.c -- Samir A.
 * Bootcamp optional C module, "Backprop by hand" exercise
 *
 * Matrix products with gsl_blas_dgemm (see the GSL manual, section BLAS),
 * the rest with loops.
 *
 * temp  (N, C): softmax minus the one-hot labels
 * temp2 (N, H): the hidden gradient before the relu
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double total;
  gsl_matrix *temp = NULL;
  gsl_matrix *temp2 = NULL;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  temp = gsl_matrix_alloc (N, net->C);
  temp2 = gsl_matrix_alloc (N, net->H);

  /* temp = prob - onehot(y) */
  gsl_matrix_memcpy (temp, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (temp, i, y[i], gsl_matrix_get (temp, i, y[i]) - 1.0);

  /* dW2 = p1^T * dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, temp, 2.0 * reg, g->dW2);

  /* db2 = column sums */
  for (j = 0; j < net->C; j++)
    {
      total = 0.0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (temp, i, j);
      gsl_vector_set (g->db2, j, total);
    }

  /* now dz2 itself = temp / N (the loss is the mean over the batch) */
  gsl_matrix_memcpy (g->dz2, temp);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);
  /* printf ("dz2[0][0] = %f\n", gsl_matrix_get (g->dz2, 0, 0)); */

  /* dp1 = dz2 * W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, temp2);
  gsl_matrix_memcpy (g->dp1, temp2);

  /* dz1 = dp1 with the relu mask */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
          gsl_matrix_set (temp2, i, j, 0.0);
      }
  gsl_matrix_memcpy (g->dz1, temp2);

  /* dW1 = X^T * dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < net->H; j++)
    {
      total = 0.0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  gsl_matrix_free (temp);
  gsl_matrix_free (temp2);

  g->present = BP_GRADS_ALL;
  return 0;
}
