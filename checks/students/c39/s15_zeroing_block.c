/* backward.c
 *
 * All gradients are sums, so: zero everything first, then += in the loops.
 * ACC(m, i, j) gives a reference to an element (from the tutorial's
 * "gsl_matrix_ptr is your friend" section).
 *
 * TODO: make it faster with blas later (works for now)
 */

#include "backprop.h"

#define ACC(m, i, j)  (*gsl_matrix_ptr ((m), (i), (j)))
#define VACC(v, i)    (*gsl_vector_ptr ((v), (i)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* reset */
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);

  /* dz2 */
  for (size_t i = 0; i < N; i++)
    {
      for (size_t c = 0; c < C; c++)
        ACC (g->dz2, i, c) += gsl_matrix_get (cache->prob, i, c) / N;
      ACC (g->dz2, i, y[i]) -= 1.0 / N;
    }

  /* dW2 db2 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      for (size_t c = 0; c < C; c++)
        ACC (g->dW2, h, c) += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      ACC (g->dW2, h, c) += 2 * reg * gsl_matrix_get (net->W2, h, c);
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      VACC (g->db2, c) += gsl_matrix_get (g->dz2, i, c);

  /* dp1, dz1 */
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        for (size_t c = 0; c < C; c++)
          ACC (g->dp1, i, h) += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        if (gsl_matrix_get (cache->z1, i, h) > 0)
          ACC (g->dz1, i, h) += gsl_matrix_get (g->dp1, i, h);
      }

  /* dW1 db1 */
  for (size_t i = 0; i < N; i++)
    for (size_t d = 0; d < D; d++)
      for (size_t h = 0; h < H; h++)
        ACC (g->dW1, d, h) += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      ACC (g->dW1, d, h) += 2 * reg * gsl_matrix_get (net->W1, d, h);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      VACC (g->db1, h) += gsl_matrix_get (g->dz1, i, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
