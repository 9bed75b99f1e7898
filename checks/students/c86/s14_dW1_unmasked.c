/*
 * backward.c
 *
 * C version of the backward pass of my numpy TwoLayerNet.
 * numpy on the left in the comments, C underneath.
 * temporaries: dscores (N,C), dhidden (N,H) -- freed at the end.
 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t r, c;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix *dhidden = gsl_matrix_alloc (N, H);

  /* dscores = probs.copy()                 */
  /* dscores[np.arange(N), y] -= 1          */
  /* dscores /= N                           */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (r = 0; r < N; r++)
    gsl_matrix_set (dscores, r, y[r], gsl_matrix_get (dscores, r, y[r]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* grads['W2'] = hidden.T.dot(dscores)    */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
  /* grads['W2'] += 2 * reg * W2            */
  {
    gsl_matrix *regW2 = gsl_matrix_alloc (H, C);
    gsl_matrix_memcpy (regW2, net->W2);
    gsl_matrix_scale (regW2, 2.0 * reg);
    gsl_matrix_add (g->dW2, regW2);
    gsl_matrix_free (regW2);
  }

  /* grads['b2'] = np.sum(dscores, axis=0)  */
  for (c = 0; c < C; c++)
    {
      double s = 0;
      for (r = 0; r < N; r++)
        s += gsl_matrix_get (dscores, r, c);
      gsl_vector_set (g->db2, c, s);
    }

  /* dhidden = dscores.dot(W2.T)            */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* dhidden[hidden <= 0] = 0               */
  for (r = 0; r < N; r++)
    for (c = 0; c < H; c++)
      gsl_matrix_set (g->dz1, r, c,
                      gsl_matrix_get (cache->z1, r, c) > 0 ? gsl_matrix_get (dhidden, r, c) : 0.0);

  /* grads['W1'] = X.T.dot(dhidden)         */
  /* grads['W1'] += 2 * reg * W1            */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, g->dW1);

  /* grads['b1'] = np.sum(dhidden, axis=0)  */
  for (c = 0; c < H; c++)
    {
      double s = 0;
      for (r = 0; r < N; r++)
        s += gsl_matrix_get (g->dz1, r, c);
      gsl_vector_set (g->db1, c, s);
    }

  gsl_matrix_free (dscores);
  gsl_matrix_free (dhidden);
  g->present = BP_GRADS_ALL;
  return 0;
}
