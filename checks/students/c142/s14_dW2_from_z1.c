/* backward.c -- hw 3, two-layer net.
 *
 * The hidden-layer loop does four things per (i, h): dp1 (sum over c),
 * dW2 (added in the same c loop, saves a dgemm), dz1 (the mask) and db1.
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, h, c, d;

  if (N != cache->N || g->N != N)
    return 1;

  /* dz2 = (softmax - onehot) / N, db2 = sum over samples */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      {
        double v = (gsl_matrix_get (cache->prob, i, c) - (c == y[i])) / N;
        gsl_matrix_set (g->dz2, i, c, v);
        gsl_vector_set (g->db2, c, gsl_vector_get (g->db2, c) + v);
      }

  /* hidden layer */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      {
        double zh = gsl_matrix_get (cache->z1, i, h);
        double acc = 0.0;
        for (c = 0; c < C; c++)
          {
            double dc = gsl_matrix_get (g->dz2, i, c);
            acc += dc * gsl_matrix_get (net->W2, h, c);
            gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c) + zh * dc);
          }
        gsl_matrix_set (g->dp1, i, h, acc);
        if (zh <= 0.0)
          acc = 0.0;
        gsl_matrix_set (g->dz1, i, h, acc);
        gsl_vector_set (g->db1, h, gsl_vector_get (g->db1, h) + acc);
      }
  /* + 2 reg W2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dW2, h, c, gsl_matrix_get (g->dW2, h, c)
                      + 2.0 * reg * gsl_matrix_get (net->W2, h, c));

  /* dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        gsl_matrix_set (g->dW1, d, h, s + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
