/*
 * Assignment 2 - backward pass
 * Bui Thi Lan Anh  MSSV 20196245
 *
 * Regularization: the slide writes the penalty 0.5*reg*W^2 so the
 * derivative is reg*W.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
sum_over_rows (const gsl_matrix *A, gsl_vector *res)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double t = 0.0;
      for (i = 0; i < A->size1; i++)
        t += gsl_matrix_get (A, i, j);
      gsl_vector_set (res, j, t);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores = g->dz2;
  gsl_matrix *dhidden = g->dp1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (y[i] == j)
          v = v - 1;
        gsl_matrix_set (dscores, i, j, v / N);
      }

  /* dW2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double t = 0.0;
        for (i = 0; i < N; i++)
          t += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (dscores, i, k);
        t += reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, t);
      }

  /* db2 */
  sum_over_rows (dscores, g->db2);

  /* dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double t = 0.0;
        for (k = 0; k < C; k++)
          t += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, t);
      }

  /* through relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (dhidden, i, j) : 0.0);

  /* dW1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double t = 0.0;
        for (i = 0; i < N; i++)
          t += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        t += 2 * reg * gsl_matrix_get (net->W1, k, j);
        gsl_matrix_set (g->dW1, k, j, t);
      }

  /* db1 */
  sum_over_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
