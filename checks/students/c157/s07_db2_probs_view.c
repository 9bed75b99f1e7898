/* backward.c
 * Assignment 3 -- backprop by hand.
 *
 * I keep a copy of the probabilities and the score gradient separately
 * because I wanted to print them both while debugging.
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
  size_t i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double probs[N][C], dsc[N][C];
  double dh[N][H];
  double ones[N];

  gsl_matrix_view P = gsl_matrix_view_array (&probs[0][0], N, C);
  gsl_matrix_view dS = gsl_matrix_view_array (&dsc[0][0], N, C);
  gsl_matrix_view dH = gsl_matrix_view_array (&dh[0][0], N, H);
  gsl_vector_view one = gsl_vector_view_array (ones, N);

  for (i = 0; i < N; i++)
    ones[i] = 1.0;

  /* dL/dscores */
  gsl_matrix_memcpy (&P.matrix, cache->prob);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      dsc[i][j] = (probs[i][j] - (y[i] == j)) / N;
  gsl_matrix_memcpy (g->dz2, &dS.matrix);

  /* dW2 = h^T dscores + 2 reg W2, computed in g directly */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, &dS.matrix,
                  2 * reg, g->dW2);

  /* db2 = dscores^T * ones */
  gsl_blas_dgemv (CblasTrans, 1.0, &P.matrix, &one.vector, 0.0, g->db2);

  /* dh = dscores W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dS.matrix, net->W2, 0.0,
                  &dH.matrix);
  gsl_matrix_memcpy (g->dp1, &dH.matrix);

  /* backprop the relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (!(gsl_matrix_get (cache->p1, i, j) > 0))
        dh[i][j] = 0;
  gsl_matrix_memcpy (g->dz1, &dH.matrix);

  /* dW1 = X^T dh + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, &dH.matrix, 2 * reg,
                  g->dW1);

  /* db1 = dh^T * ones */
  gsl_blas_dgemv (CblasTrans, 1.0, &dH.matrix, &one.vector, 0.0, g->db1);

#ifdef DEBUG
  for (i = 0; i < N; i++)
    fprintf (stderr, "%zu: p[y]=%g ds[y]=%g\n", i, probs[i][y[i]], dsc[i][y[i]]);
#endif

  g->present = BP_GRADS_ALL;
  return 0;
}
