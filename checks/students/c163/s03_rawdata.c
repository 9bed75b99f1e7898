/*
 * hw3 backward pass - raw pointer version
 * gsl_matrix_get is slow (range checks) so I index ->data directly.
 * remember: row i starts at data + i*tda, NOT i*size2
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t i, j, k;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* softmax grad */
  for (i = 0; i < N; i++)
    {
      for (k = 0; k < C; k++)
        AT (g->dz2, i, k) = AT (cache->prob, i, k) * invN;
      AT (g->dz2, i, y[i]) -= invN;
    }

  /* second layer params */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      AT (g->dW2, j, k) = 2.0 * reg * AT (net->W2, j, k);
  for (k = 0; k < C; k++)
    VAT (g->db2, k) = 0.0;
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double d = AT (g->dz2, i, k);
        for (j = 0; j < H; j++)
          AT (g->dW2, j, k) += AT (cache->p1, i, j) * d;
        VAT (g->db2, k) += d;
      }

  /* back into the hidden layer, mask folded in */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += AT (g->dz2, i, k) * AT (net->W2, j, k);
        AT (g->dp1, i, j) = s;
        AT (g->dz1, i, j) = AT (cache->z1, i, j) > 0.0 ? s : 0.0;
      }

  /* first layer params */
  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      AT (g->dW1, k, j) = 2.0 * reg * AT (net->W1, k, j);
  for (j = 0; j < H; j++)
    VAT (g->db1, j) = 0.0;
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double d = AT (g->dz1, i, j);
        if (d == 0.0)
          continue;             /* dead unit, nothing to add */
        for (k = 0; k < D; k++)
          AT (g->dW1, k, j) += AT (X, i, k) * d;
        VAT (g->db1, j) += d;
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
