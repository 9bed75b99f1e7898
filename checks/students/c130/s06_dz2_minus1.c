/* ECE 421 lab 3 -- backward()
 * author: Kevin Nguyen
 *
 * The loss is averaged over N, so every gradient is scaled by 1/N.
 * I scale the probabilities first and then fix up the correct class.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dscores */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, gsl_matrix_get (cache->prob, n, c) * invN);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);

  /* W2, b2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, h, c);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        gsl_matrix_set (g->dW2, h, c, acc);
      }
  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  /* hidden layer */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
        /* relu */
        gsl_matrix_set (g->dz1, n, h,
                        gsl_matrix_get (cache->z1, n, h) > 0 ? acc : 0.0);
      }

  /* W1, b1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }
  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
