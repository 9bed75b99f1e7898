/* backward.c  --  backward pass, straight port of my numpy code.
 *
 *   numpy                                  C
 *   -----                                  -
 *   arrays                                 gsl_matrix *
 *   a.dot(b)                               gsl_blas_dgemm
 *   a.sum(axis=0)                          loop over rows
 *
 * numpy line above each block. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *dscores, *hT, *dh;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores = probs */
  dscores = cache->prob;
  /* dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  /* dscores /= N */
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* hT = hidden_layer.T */
  hT = gsl_matrix_alloc (H, N);
  gsl_matrix_transpose_memcpy (hT, cache->p1);
  /* dW2 = hT.dot(dscores) + 2 * reg * W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, hT, g->dz2, 2.0 * reg, g->dW2);

  /* db2 = dscores.sum(axis=0) */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dhidden = dscores.dot(W2.T) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dh = dhidden.copy()
   * dh[hidden_layer <= 0] = 0 */
  dh = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (dh, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (dh, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, dh);

  /* dW1 = X.T.dot(dh) + 2 * reg * W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dh, 2.0 * reg, g->dW1);

  /* db1 = dh.sum(axis=0) */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dh, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (hT);
  gsl_matrix_free (dh);
  g->present = BP_GRADS_ALL;
  return 0;
}
