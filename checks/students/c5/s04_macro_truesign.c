/* backward.c -- macros for indexing, to keep the loops readable */
#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i) ((v)->data[(i) * (v)->stride])
#define FOR(i, n) for (size_t i = 0; i < (n); i++)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  /* dL/dz2: p_j / N for j != y, and (1 - p_y) / N for the true class */
  FOR (i, N) FOR (j, C)
    AT (g->dz2, i, j) = (j == y[i] ? 1.0 - AT (cache->prob, i, j)
                                   : AT (cache->prob, i, j)) / N;

  FOR (h, H) FOR (j, C)
    {
      double s = 2 * reg * AT (net->W2, h, j);
      FOR (i, N) s += AT (cache->p1, i, h) * AT (g->dz2, i, j);
      AT (g->dW2, h, j) = s;
    }
  FOR (j, C)
    {
      VAT (g->db2, j) = 0;
      FOR (i, N) VAT (g->db2, j) += AT (g->dz2, i, j);
    }
  FOR (i, N) FOR (h, H)
    {
      double s = 0;
      FOR (j, C) s += AT (g->dz2, i, j) * AT (net->W2, h, j);
      AT (g->dp1, i, h) = s;
    }
  FOR (i, N) FOR (h, H)
    AT (g->dz1, i, h) = AT (cache->z1, i, h) > 0 ? AT (g->dp1, i, h) : 0;
  FOR (d, D) FOR (h, H)
    {
      double s = 2 * reg * AT (net->W1, d, h);
      FOR (i, N) s += AT (X, i, d) * AT (g->dz1, i, h);
      AT (g->dW1, d, h) = s;
    }
  FOR (h, H)
    {
      VAT (g->db1, h) = 0;
      FOR (i, N) VAT (g->db1, h) += AT (g->dz1, i, h);
    }
  g->present = BP_GRADS_ALL;
  return 0;
}
