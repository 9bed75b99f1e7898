/* backward.c -- resubmission
 *
 * first try: dz2 was missing the 1/N (gradcheck: scale).  Added the scale
 * at the end of the dz2 block.
 */
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

static int debug = 0;

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix_const_view W2v = gsl_matrix_const_submatrix (net->W2, 0, 0, H, C);

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 = probs, minus one at the right class */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      gsl_vector_view row = gsl_matrix_row (g->dz2, i);
      gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    }
  if (debug)
    for (k = 0; k < C; k++)
      fprintf (stderr, "dz2[0][%zu] = %g\n", k, gsl_matrix_get (g->dz2, 0, k));
  /* average over the batch */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, &W2v.matrix);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 */
  for (k = 0; k < C; k++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz2, k);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, k, s);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, &W2v.matrix, 0.0, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->p1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      gsl_vector_view col = gsl_matrix_column (g->dz1, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
