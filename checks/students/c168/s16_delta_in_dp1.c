/* backward.c -- backprop by the delta rule.
 * delta_out = (y_hat - t)/N,  delta_hid = f'(net_hid) * (delta_out W2^T)
 * The relu derivative is folded in where the hidden error is formed,
 * so the next step has nothing left to do.
 */
#include "backprop.h"

#define ELEM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double acc;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      ELEM (g->dz2, i, k) = (ELEM (cache->prob, i, k) - (k == y[i])) / (double) N;

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        acc = 0.0;
        for (i = 0; i < N; i++)
          acc += ELEM (cache->p1, i, j) * ELEM (g->dz2, i, k);
        ELEM (g->dW2, j, k) = acc + 2.0 * reg * ELEM (net->W2, j, k);
      }

  for (k = 0; k < C; k++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += ELEM (g->dz2, i, k);
      gsl_vector_set (g->db2, k, acc);
    }

  /* hidden error, with f'(net) = [z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (k = 0; k < C; k++)
          acc += ELEM (g->dz2, i, k) * ELEM (net->W2, j, k);
        ELEM (g->dp1, i, j) = ELEM (cache->z1, i, j) > 0.0 ? acc : 0.0;
      }

  /* delta_hid */
  gsl_matrix_memcpy (g->dz1, g->dp1);

  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0.0;
        for (k = 0; k < N; k++)
          acc += ELEM (X, k, i) * ELEM (g->dz1, k, j);
        ELEM (g->dW1, i, j) = acc + 2.0 * reg * ELEM (net->W1, i, j);
      }

  for (j = 0; j < H; j++)
    {
      acc = 0.0;
      for (i = 0; i < N; i++)
        acc += ELEM (g->dz1, i, j);
      gsl_vector_set (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
