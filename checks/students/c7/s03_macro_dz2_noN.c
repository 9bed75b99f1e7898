#include "backprop/net.h"
#include "backprop/grads.h"

#define AT(M, i, j) ((M)->data[(i) * (M)->tda + (j)])
#define VAT(v, i) ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      AT (g->dz2, i, c) = AT (cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0);

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double acc = 2 * reg * AT (net->W2, h, c);
        for (size_t i = 0; i < N; i++)
          acc += AT (cache->p1, i, h) * AT (g->dz2, i, c);
        AT (g->dW2, h, c) = acc;
      }

  for (size_t c = 0; c < C; c++)
    {
      VAT (g->db2, c) = 0;
      for (size_t i = 0; i < N; i++)
        VAT (g->db2, c) += AT (g->dz2, i, c);
    }

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 0;
        for (size_t c = 0; c < C; c++)
          acc += AT (g->dz2, i, c) * AT (net->W2, h, c);
        AT (g->dp1, i, h) = acc;
      }

  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      AT (g->dz1, i, h) = AT (cache->z1, i, h) > 0 ? AT (g->dp1, i, h) : 0;

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double acc = 2 * reg * AT (net->W1, d, h);
        for (size_t i = 0; i < N; i++)
          acc += AT (X, i, d) * AT (g->dz1, i, h);
        AT (g->dW1, d, h) = acc;
      }

  for (size_t h = 0; h < H; h++)
    {
      VAT (g->db1, h) = 0;
      for (size_t i = 0; i < N; i++)
        VAT (g->db1, h) += AT (g->dz1, i, h);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
