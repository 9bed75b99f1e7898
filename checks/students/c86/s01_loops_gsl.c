/* backward.c -- backward pass of the two-layer net.
 *
 * Translated from my numpy version (TwoLayerNet.loss in neural_net.py),
 * which passed the notebook's gradient check.  Each numpy line is copied
 * as a comment above the C that does it.  Temporaries that numpy makes
 * for me (the copy of probs, the relu mask) are allocated here and freed
 * at the end. */

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dscores, *dhidden, *mask;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  dscores = gsl_matrix_alloc (N, C);
  dhidden = gsl_matrix_alloc (N, H);
  mask = gsl_matrix_alloc (N, H);

  /* # dscores = probs.copy() */
  gsl_matrix_memcpy (dscores, cache->prob);
  /* # dscores[range(N), y] -= 1 */
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  /* # dscores /= N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (dscores, i, j, gsl_matrix_get (dscores, i, j) / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* # dW2 = hidden_layer.T.dot(dscores) + 2 * reg * W2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (dscores, k, j);
        gsl_matrix_set (g->dW2, i, j, s + 2.0 * reg * gsl_matrix_get (net->W2, i, j));
      }

  /* # db2 = np.sum(dscores, axis=0) */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* # dhidden = dscores.dot(W2.T) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (dscores, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (dhidden, i, j, s);
      }
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* # mask = (z1 > 0)
   * # dhidden = dhidden * mask      (was dhidden[hidden_layer <= 0] = 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (dhidden, mask);
  gsl_matrix_memcpy (g->dz1, dhidden);

  /* # dW1 = X.T.dot(dhidden) + 2 * reg * W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (dhidden, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* # db1 = np.sum(dhidden, axis=0) */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dhidden, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (dscores);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
