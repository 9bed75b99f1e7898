/* backward.c
 * two layer net -- backward pass (hw1)
 *
 * note to self: relu'(x) = 1 if x > 0 else 0.  I build the mask as its
 * own matrix so I can print it while debugging.
 */

#include <stdio.h>
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
  size_t i, j, k;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  // dz2
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (y[i] == j)
          d = d - 1.0;
        gsl_matrix_set (g->dz2, i, j, d / N);
      }

  // dW2 (loop order: k over samples innermost)
  for (j = 0; j < C; j++)
    for (i = 0; i < H; i++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W2, i, j);
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (cache->p1, k, i) * gsl_matrix_get (g->dz2, k, j);
        gsl_matrix_set (g->dW2, i, j, acc);
      }

  // db2
  gsl_vector_set_zero (g->db2);
  for (k = 0; k < N; k++)
    for (j = 0; j < C; j++)
      gsl_vector_set (g->db2, j, gsl_vector_get (g->db2, j) + gsl_matrix_get (g->dz2, k, j));

  // dp1
  for (k = 0; k < N; k++)
    for (i = 0; i < H; i++)
      {
        double acc = 0.0;
        for (j = 0; j < C; j++)
          acc += gsl_matrix_get (g->dz2, k, j) * gsl_matrix_get (net->W2, i, j);
        gsl_matrix_set (g->dp1, k, i, acc);
      }

  // relu mask
  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  for (k = 0; k < N; k++)
    for (i = 0; i < H; i++)
      gsl_matrix_set (mask, k, i, gsl_matrix_get (cache->p1, k, i) >= 0.0 ? 1.0 : 0.0);

  // dz1 = dp1 .* mask
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_free (mask);

  // dW1
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 2.0 * reg * gsl_matrix_get (net->W1, i, j);
        for (k = 0; k < N; k++)
          acc += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, acc);
      }

  // db1
  gsl_vector_set_zero (g->db1);
  for (k = 0; k < N; k++)
    for (j = 0; j < H; j++)
      gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + gsl_matrix_get (g->dz1, k, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
