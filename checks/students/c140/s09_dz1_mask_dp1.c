/* backward.c -- Assignment 3, backward pass of the two-layer net.
 *
 * Fill in the blocks marked TODO.  Do not change the signature.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c, d;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* TODO: compute dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double t = (c == y[n]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c) - t) / N);
      }
  /* END TODO */

  /* TODO: compute dW2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double acc = 2 * reg * gsl_matrix_get (net->W2, h, c);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, acc);
      }
  /* END TODO */

  /* TODO: compute db2 */
  for (c = 0; c < C; c++)
    {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }
  /* END TODO */

  /* TODO: compute dp1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
      }
  /* END TODO */

  /* TODO: compute dz1 */
  /* relu backward: negative values are set to 0 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double v = gsl_matrix_get (g->dp1, n, h);
        gsl_matrix_set (g->dz1, n, h, v > 0 ? v : 0.0);
      }
  /* END TODO */

  /* TODO: compute dW1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 2 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }
  /* END TODO */

  /* TODO: compute db1 */
  for (h = 0; h < H; h++)
    {
      double acc = 0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }
  /* END TODO */

  g->present = BP_GRADS_ALL;
  return 0;
}
