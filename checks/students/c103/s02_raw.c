/* backward.c -- backward pass of the 2-layer net with plain loops over
 * the raw storage (row-major, row stride tda).  No BLAS on purpose: I
 * wanted to see every index once. */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* scores: dL/dz2 = (softmax - onehot) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2, i, k) = (AT (cache->prob, i, k) - (k == y[i])) / N;

  /* second layer */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++) {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (cache->p1, i, j) * AT (g->dz2, i, k);
      AT (g->dW2, j, k) = s + 2.0 * reg * AT (net->W2, j, k);
    }
  for (k = 0; k < C; k++) {
    s = 0.0;
    for (i = 0; i < N; i++)
      s += AT (g->dz2, i, k);
    VAT (g->db2, k) = s;
  }

  /* back into the hidden layer, and through the relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < C; k++)
        s += AT (g->dz2, i, k) * AT (net->W2, j, k);
      AT (g->dp1, i, j) = s;
      AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0 ? s : 0.0;
    }

  /* first layer */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++) {
      s = 0.0;
      for (k = 0; k < N; k++)
        s += AT (X, k, i) * AT (g->dz1, k, j);
      AT (g->dW1, i, j) = s + 2.0 * reg * AT (net->W1, i, j);
    }
  for (j = 0; j < H; j++) {
    s = 0.0;
    for (i = 0; i < N; i++)
      s += AT (g->dz1, i, j);
    VAT (g->db1, j) = s;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
