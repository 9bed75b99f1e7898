/* backward.c -- lab 4, backpropagation through the two layer net.
 * error at the output = prob - target, then propagate back layer by layer
 * (same as the LMS / delta rule from the adaptive filters course). */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* output error: err_out = (prob - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double t = (k == y[i]) ? 1.0 : 0.0;
        gsl_matrix_set (g->dz2, i, k,
                        (gsl_matrix_get (cache->prob, i, k) - t) / (double) N);
      }

  /* grad_w_out = p1' err_out + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        acc + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* bias of output layer: sum of error over the batch */
  for (k = 0; k < C; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* error back through W2: err_hid = err_out W2' */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (k = 0; k < C; k++)
          acc += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, acc);
      }

  /* delta_hid = err_hid * relu'(z1) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* grad_w_hid = X' delta_hid + 2 reg W1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += gsl_matrix_get (X, i, k) * gsl_matrix_get (g->dz1, i, j);
        gsl_matrix_set (g->dW1, k, j,
                        acc + 2.0 * reg * gsl_matrix_get (net->W1, k, j));
      }

  for (j = 0; j < H; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
