#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;

  /* scores gradient */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* layer 2: accumulate sample by sample */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < C; c++)
      {
        double d = gsl_matrix_get (g->dz2, n, c);
        for (size_t h = 0; h < H; h++)
          gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                          + gsl_matrix_get (cache->p1, n, h) * d);
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d);
      }
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2 * reg * gsl_matrix_get (net->W2, h, c));

  /* back into the hidden layer */
  gsl_matrix_set_zero (g->dp1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      for (size_t c = 0; c < C; c++)
        gsl_matrix_set (g->dp1, n, h, gsl_matrix_get (g->dp1, n, h)
                        + gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c));

  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0
                      ? gsl_matrix_get (g->dp1, n, h) : 0);

  /* layer 1 */
  gsl_vector_set_zero (g->db1);
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      {
        double d = gsl_matrix_get (g->dz1, n, h);
        for (size_t k = 0; k < D; k++)
          gsl_matrix_set (g->dW1, k, h, gsl_matrix_get (g->dW1, k, h)
                          + gsl_matrix_get (X, n, k) * d);
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + d);
      }
  for (size_t k = 0; k < D; k++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dW1, k, h, gsl_matrix_get (g->dW1, k, h)
                      + 2 * reg * gsl_matrix_get (net->W1, k, h));

  g->present = BP_GRADS_ALL;
  return 0;
}
