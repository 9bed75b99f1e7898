/* Backward pass -- translated from my Python version that passed the
 * notebook's gradient check. */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* grads['W2'] = a1.T.dot(dscores) + reg * W2 */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double dot = 0;
        for (size_t i = 0; i < N; i++)
          dot += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, h, c, dot + reg * gsl_matrix_get (net->W2, h, c));
      }

  /* grads['b2'] = dscores.sum(axis=0) */
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, i, c);

  /* da1 = dscores.dot(W2.T) */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double dot = 0;
        for (size_t c = 0; c < C; c++)
          dot += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, dot);
      }

  /* dz1 = da1 * (z1 > 0) */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                      ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* grads['W1'] = X.T.dot(dz1) + 2 * reg * W1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double dot = 0;
        for (size_t i = 0; i < N; i++)
          dot += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, dot + 2 * reg * gsl_matrix_get (net->W1, d, h));
      }

  /* grads['b1'] = dz1.sum(axis=0) */
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      *gsl_vector_ptr (g->db1, h) += gsl_matrix_get (g->dz1, i, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
