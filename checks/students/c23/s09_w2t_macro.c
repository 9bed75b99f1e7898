/* backward.c -- D. Ferreira, HW3
 * everything in plain loops over the raw arrays (faster than _get/_set) */
#include "backprop.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define W2T(k, h)    (net->W2->data[(k) * net->W2->tda + (h)])   /* W2^T[k][h] */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double acc;

  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i])) / N;

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        acc = 2 * reg * AT (net->W2, j, k);
        for (i = 0; i < N; i++)
          acc += AT (cache->p1, i, j) * AT (g->dz2, i, k);
        AT (g->dW2, j, k) = acc;
      }

  for (k = 0; k < C; k++)
    {
      acc = 0;
      for (i = 0; i < N; i++)
        acc += AT (g->dz2, i, k);
      g->db2->data[k * g->db2->stride] = acc;
    }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        acc = 0;
        for (k = 0; k < C; k++)
          acc += AT (g->dz2, i, k) * W2T (k, j);
        AT (g->dp1, i, j) = acc;
      }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0 ? AT (g->dp1, i, j) : 0;

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        acc = 2 * reg * AT (net->W1, k, j);
        for (i = 0; i < N; i++)
          acc += AT (X, i, k) * AT (g->dz1, i, j);
        AT (g->dW1, k, j) = acc;
      }

  for (j = 0; j < H; j++)
    {
      acc = 0;
      for (i = 0; i < N; i++)
        acc += AT (g->dz1, i, j);
      g->db1->data[j * g->db1->stride] = acc;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
