/* backward.c  -  Diego M.
 *
 * Bootcamp "C for ML" optional module, task 3.
 * The forward pass is given (cache), I only write the gradients.
 *
 * For dp1 I use row views and gsl_blas_ddot: dp1[i][h] is the dot
 * product of row i of dz2 with row h of W2. Everything else is loops.
 */

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double total;
  double temp;
  double dot;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        temp = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          temp -= 1.0;
        gsl_matrix_set (g->dz2, i, j, temp / (double) N);
      }

  /* dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        total = 0.0;
        for (i = 0; i < N; i++)
          total += gsl_matrix_get (cache->p1, i, j)
                   * gsl_matrix_get (g->dz2, i, k);
        total += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, total);
      }

  /* db2: add up each column of dz2 */
  total = 0.0;
  for (k = 0; k < C; k++)
    {
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, total);
      /* printf ("db2[%zu] = %g\n", k, total); */
    }

  /* dp1[i][h] = < dz2 row i , W2 row h > */
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view grad_row = gsl_matrix_const_row (g->dz2, i);
      for (j = 0; j < H; j++)
        {
          gsl_vector_const_view w_row = gsl_matrix_const_row (net->W2, j);
          gsl_blas_ddot (&grad_row.vector, &w_row.vector, &dot);
          gsl_matrix_set (g->dp1, i, j, dot);
        }
    }

  /* dz1: relu derivative is 1 for z1 > 0 and 0 otherwise */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        total = 0.0;
        for (i = 0; i < N; i++)
          total += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        total += 2.0 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, total);
      }

  /* db1 */
  for (j = 0; j < H; j++)
    {
      total = 0.0;
      for (i = 0; i < N; i++)
        total += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, total);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
