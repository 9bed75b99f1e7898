/* Backward pass.  Gradients are written straight into the data arrays. */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, d, h, c;
  double acc;

  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, i, c,
                      (gsl_matrix_get (cache->prob, i, c) - (y[i] == c)) / N);

  /* dW2 (H x C) = p1^T dz2 + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        acc = 2.0 * reg * gsl_matrix_get (net->W2, h, c);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        g->dW2->data[c * H + h] = acc;
      }

  for (c = 0; c < C; c++)
    {
      for (acc = 0, i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, c);
      gsl_vector_set (g->db2, c, acc);
    }

  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        for (acc = 0, c = 0; c < C; c++)
          acc += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, acc);
        gsl_matrix_set (g->dz1, i, h,
                        gsl_matrix_get (cache->z1, i, h) > 0 ? acc : 0.0);
      }

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        acc = 2.0 * reg * gsl_matrix_get (net->W1, d, h);
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, acc);
      }

  for (h = 0; h < H; h++)
    {
      for (acc = 0, i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, h);
      gsl_vector_set (g->db1, h, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
