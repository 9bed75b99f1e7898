/* lab6 backward -- raw pointer version
 * gsl_matrix_get is a function call per entry, so I index ->data directly.
 * remember: row stride is tda, not size2! */

#include "backprop.h"

#define AT(m, r, c)  ((m)->data[(r) * (m)->tda + (c)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  const double invN = 1.0 / (double) N;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* dz2 */
  for (n = 0; n < N; n++)
    {
      for (c = 0; c < C; c++)
        AT (g->dz2, n, c) = AT (cache->prob, n, c) * invN;
      AT (g->dz2, n, y[n]) -= invN;
    }

  /* dW2: start from the reg term, then add sample by sample (outer products) */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      AT (g->dW2, h, c) = 2.0 * reg * AT (net->W2, h, c);
  for (c = 0; c < C; c++)
    VAT (g->db2, c) = 0.0;
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      {
        double dz = AT (g->dz2, n, c);
        for (h = 0; h < H; h++)
          AT (g->dW2, h, c) += AT (cache->p1, n, h) * dz;
        VAT (g->db2, c) += dz;            /* db2 in the same pass */
      }

  /* dp1 and dz1 together: dz1 = dp1 masked */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += AT (g->dz2, n, c) * AT (net->W2, h, c);
        AT (g->dp1, n, h) = s;
        AT (g->dz1, n, h) = AT (cache->z1, n, h) > 0.0 ? s : 0.0;
      }

  /* dW1, db1 same trick as layer 2 */
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
          continue;               /* dead unit, nothing to add */
        for (d = 0; d < D; d++)
          AT (g->dW1, d, h) += AT (X, n, d) * dz;
        VAT (g->db1, h) += dz;
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
