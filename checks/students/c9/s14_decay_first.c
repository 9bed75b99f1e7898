/* backward.c -- 2-layer net, gradient by hand.
 * Author: P. Lindgren.  Course: Numerical Methods II, project 2.
 *
 * Idea: start each weight gradient with its decay term 2*reg*W and then
 * add the data part sample by sample, so there is no separate pass for
 * the regularisation at the end.
 */
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N, D, H, C;
  size_t n, d, h, c;
  double acc, w;
  double *dW1, *dW2;
  size_t ld1, ld2;

  N = X->size1; D = net->D; H = net->H; C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  dW1 = g->dW1->data; ld1 = g->dW1->tda;
  dW2 = g->dW2->data; ld2 = g->dW2->tda;

  /* decay terms first */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      dW2[h * ld2 + c] = 2.0 * reg * gsl_matrix_get (net->W2, h, c);
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        w = gsl_matrix_get (net->W1, d, h);
        dW1[d * ld1 + h] += 2.0 * reg * w;
      }

  /* dz2 and db2 */
  for (c = 0; c < C; c++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        {
          w = gsl_matrix_get (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0);
          w /= (double) N;
          gsl_matrix_set (g->dz2, n, c, w);
          acc += w;
        }
      gsl_vector_set (g->db2, c, acc);
    }

  /* data part of dW2, sample by sample */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      for (c = 0; c < C; c++)
        dW2[h * ld2 + c] += gsl_matrix_get (cache->p1, n, h)
                            * gsl_matrix_get (g->dz2, n, c);

  /* dp1, dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        acc = 0.0;
        for (c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
        if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
          acc = 0.0;
        gsl_matrix_set (g->dz1, n, h, acc);
      }

  /* data part of dW1, and db1 */
  for (n = 0; n < N; n++)
    for (d = 0; d < D; d++)
      for (h = 0; h < H; h++)
        dW1[d * ld1 + h] += gsl_matrix_get (X, n, d)
                            * gsl_matrix_get (g->dz1, n, h);
  for (h = 0; h < H; h++)
    {
      acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
