/*
 * lab4 backward pass -- Elif / Farid
 * we index ->data directly, tda is the row stride (row i starts at i*tda)
 */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;
  double invN;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  invN = 1.0 / (double) N;

  /* dscores */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      AT (g->dz2, n, c) = (AT (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) * invN;

  /* dW2 and db2 -- A: start from the reg part / zero and accumulate */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      AT (g->dW2, h, c) = 2.0 * reg * AT (net->W2, h, c);
  for (c = 0; c < C; c++)
    VAT (g->db2, c) = 0.0;
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double ds = AT (g->dz2, n, c);
        for (h = 0; h < H; h++)
          AT (g->dW2, h, c) += AT (cache->p1, n, h) * ds;
        VAT (g->db2, c) += ds;
      }

  /* dhidden and the relu in the same loop (B: is that ok? A: yes, dp1 is stored before the mask) */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = s;
        AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? s : 0.0;
      }

  /* dW1, db1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      AT (g->dW1, d, h) = 2.0 * reg * AT (net->W1, d, h);
  for (h = 0; h < H; h++)
    VAT (g->db1, h) = 0.0;
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double dz = AT (g->dz1, n, h);
        if (dz == 0.0)
          continue;             /* relu killed it, saves some time */
        for (d = 0; d < D; d++)
          AT (g->dW1, d, h) += AT (X, n, d) * dz;
        VAT (g->db1, h) += dz;
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
