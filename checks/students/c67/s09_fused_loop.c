/* backward.c -- everything in ONE pass over the batch.
 *
 * For each sample i: its row of dz2, its row of dp1 and dz1, and its
 * contributions to dW2, db2, dW1, db1 (those are sums over samples, so
 * they are zeroed first and accumulated).  One sweep, good cache use.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, c;
  double inv = 1.0 / (double) N;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* parameter gradients start from the L2 term, biases from zero */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_vector_set_zero (g->db2);
  gsl_vector_set_zero (g->db1);
  gsl_matrix_set_zero (g->dp1);

  for (i = 0; i < N; i++)
    {
      /* dz2 row i, and push it back through W2 while we have it */
      for (c = 0; c < C; c++)
        {
          double d = gsl_matrix_get (cache->prob, i, c) * inv;
          gsl_matrix_set (g->dz2, i, c, d);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dp1, i, j, gsl_matrix_get (g->dp1, i, j)
                            + d * gsl_matrix_get (net->W2, j, c));
        }
      gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - inv);

      /* output layer parameters */
      for (c = 0; c < C; c++)
        {
          double d = gsl_matrix_get (g->dz2, i, c);
          gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + d);
          for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW2, j, c, gsl_matrix_get (g->dW2, j, c)
                            + gsl_matrix_get (cache->p1, i, j) * d);
        }

      /* hidden layer */
      for (j = 0; j < H; j++)
        {
          double d = gsl_matrix_get (cache->z1, i, j) > 0
                     ? gsl_matrix_get (g->dp1, i, j) : 0.0;
          gsl_matrix_set (g->dz1, i, j, d);
          gsl_vector_set (g->db1, j, gsl_vector_get (g->db1, j) + d);
          for (k = 0; k < D; k++)
            gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (g->dW1, k, j)
                            + gsl_matrix_get (X, i, k) * d);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
