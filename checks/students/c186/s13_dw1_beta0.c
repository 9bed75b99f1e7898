/* backward.c   Lab 3   Nguyen Thi Hong Nhung  20196102
 *
 * Regularization first, then add X^T dz1 with dgemm.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *M, gsl_vector *out)
{
  size_t i, j;
  for (j = 0; j < M->size2; j++)
    {
      double acc = 0;
      for (i = 0; i < M->size1; i++)
        acc += gsl_matrix_get (M, i, j);
      gsl_vector_set (out, j, acc);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          v -= 1.0;
        gsl_matrix_set (g->dz2, i, j, v / (double) N);
      }

  /* dW2 with loops */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2 * reg * gsl_matrix_get (net->W2, j, k));
      }
  colsum (g->dz2, g->db2);

  /* dhidden */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* relu */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0)
        gsl_matrix_set (g->dz1, i, j, 0);

  /* dW1 = 2 reg W1 + X^T dz1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dW1, i, j, 2 * reg * gsl_matrix_get (net->W1, i, j));
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);

  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
