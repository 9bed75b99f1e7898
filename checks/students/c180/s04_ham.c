/* Odev 2: backward pass
 * Zeynep Arslan - 2. ogretim
 * Raw arrays (->data, ->tda), faster than gsl_matrix_get according to the lab notes.
 */
#include <string.h>
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

  if (N != cache->N || D != X->size2)
    return 1;

  /* dz2: softmax gradient, divided by N because the loss is a mean */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      ELEM (g->dz2, i, j) = (ELEM (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N;

  /* dW2 and db2 together */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      ELEM (g->dW2, j, k) = 2 * reg * ELEM (net->W2, j, k);
  for (k = 0; k < C; k++)
    g->db2->data[k * g->db2->stride] = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = ELEM (g->dz2, i, k);
        for (j = 0; j < H; j++)
          ELEM (g->dW2, j, k) += ELEM (cache->p1, i, j) * d;
        g->db2->data[k * g->db2->stride] += d;
      }

  /* dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0;
        for (k = 0; k < C; k++)
          s += ELEM (g->dz2, i, k) * ELEM (net->W2, j, k);
        ELEM (g->dp1, i, j) = s;
      }

  /* dz1: copy dp1 then kill the entries where relu was off */
  for (i = 0; i < N; i++)
    {
      memcpy (&ELEM (g->dz1, i, 0), &ELEM (g->dp1, i, 0), H * sizeof (double));
      for (j = 0; j < H; j++)
        if (ELEM (cache->z1, i, j) <= 0)
          ELEM (g->dz1, i, j) = 0;
    }

  /* dW1 = X^T dz1 + 2 reg W1, db1 = column sums of dz1 */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2 * reg * ELEM (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += ELEM (X, i, k) * ELEM (g->dz1, i, j);
        ELEM (g->dW1, k, j) = s;
      }
  for (j = 0; j < H; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += ELEM (g->dz1, i, j);
      g->db1->data[j * g->db1->stride] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
