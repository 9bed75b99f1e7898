/* backward pass: outer loop over samples, each one scattered into the
 * weight gradients (i-k-j order, cache friendly) */
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, i, c, (gsl_matrix_get (cache->prob, i, c)
                                     - (double) (c == y[i])) / (double) N);

  /* dW2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double a = gsl_matrix_get (cache->p1, i, h);
        for (size_t c = 0; c < C; c++)
          *gsl_matrix_ptr (g->dW2, h, c) += a * gsl_matrix_get (g->dz2, i, c);
      }
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      *gsl_vector_ptr (g->db2, c) += gsl_matrix_get (g->dz2, i, c);

  /* dp1, dz1 */
  gsl_matrix_set_zero (g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double e = gsl_matrix_get (g->dz2, i, c);
        for (size_t h = 0; h < H; h++)
          *gsl_matrix_ptr (g->dp1, i, h) += e * gsl_matrix_get (net->W2, h, c);
      }
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, i, h, gsl_matrix_get (cache->z1, i, h) > 0
                                    ? gsl_matrix_get (g->dp1, i, h) : 0.0);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  for (size_t i = 0; i < N; i++)
    for (size_t d = 0; d < D; d++)
      {
        double a = gsl_matrix_get (cache->p1, i, d);
        for (size_t h = 0; h < H; h++)
          *gsl_matrix_ptr (g->dW1, d, h) += a * gsl_matrix_get (g->dz1, i, h);
      }
  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      *gsl_vector_ptr (g->db1, h) += gsl_matrix_get (g->dz1, i, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
