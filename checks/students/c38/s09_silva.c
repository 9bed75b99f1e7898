/* Ana Silva - Neural Networks from Scratch - HW3
 * backward pass, loops only */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* gradient of the mean cross entropy wrt the scores */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double onehot = 0.0;
        if (y[n] == c)
          onehot = 1.0;
        gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - onehot) / N);
      }

  /* W2 */
  for (size_t c = 0; c < C; c++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        acc += 2 * reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, acc);
      }

  /* b2: the bias gradient is the average over the batch */
  for (size_t c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc / N);
    }

  /* hidden activations */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
      }

  /* relu */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double mask = gsl_matrix_get (cache->z1, n, h) > 0 ? 1 : 0;
        gsl_matrix_set (g->dz1, n, h, mask * gsl_matrix_get (g->dp1, n, h));
      }

  /* W1 */
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        acc += 2 * reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }

  /* b1 */
  for (size_t h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
