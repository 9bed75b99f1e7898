/* backward.c -- second hand-in
 * dW2 and dW1 are dgemm now.  For dW2 I start from the reg term and let
 * dgemm add p1^T dz2 on top (beta = 1).
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static int debug = 0;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- dz2 ---- */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k, gsl_matrix_get (cache->prob, i, k) / N);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);

  /* ---- dW2 ---- */
  /* old loop version */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k, acc + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }
  if (debug)
    fprintf (stderr, "loop dW2[0][0] = %g\n", gsl_matrix_get (g->dW2, 0, 0));
  /* new: dW2 = 1.0 * p1^T dz2 + 1.0 * dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  if (debug)
    fprintf (stderr, "blas dW2[0][0] = %g\n", gsl_matrix_get (g->dW2, 0, 0));

  /* ---- db2 ---- */
  for (k = 0; k < C; k++)
    {
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* ---- dp1, dz1 ---- */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* ---- dW1 ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* ---- db1 ---- */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
