/* two-layer backward, macro style */

#include "backprop/net.h"
#include "backprop/grads.h"

#define A(m, i, j) (*gsl_matrix_ptr ((m), (i), (j)))
#define CA(m, i, j) (*gsl_matrix_const_ptr ((m), (i), (j)))
#define V(v, i) (*gsl_vector_ptr ((v), (i)))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      A (g->dz2, n, c) = (CA (cache->prob, n, c) - (c == y[n])) / N;

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        A (g->dW2, h, c) = 2 * reg * CA (net->W2, h, c);
        for (n = 0; n < N; n++)
          A (g->dW2, h, c) += CA (cache->p1, n, h) * A (g->dz2, n, c);
      }

  for (c = 0; c < C; c++)
    {
      V (g->db2, c) = 0;
      for (n = 0; n < N; n++)
        V (g->db2, c) += A (g->dz2, n, c);
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        A (g->dp1, n, h) = 0;
        for (c = 0; c < C; c++)
          A (g->dp1, n, h) += A (g->dz2, n, c) * CA (net->W2, h, c);
      }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      A (g->dz1, n, h) = CA (cache->z1, n, h) > 0 ? A (g->dp1, n, h) : 0;

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        A (g->dW1, d, h) = 2 * reg * CA (net->W1, d, h);
        for (n = 0; n < N - 1; n++)
          A (g->dW1, d, h) += CA (X, n, d) * A (g->dz1, n, h);
      }

  for (h = 0; h < H; h++)
    {
      V (g->db1, h) = 0;
      for (n = 0; n < N; n++)
        V (g->db1, h) += A (g->dz1, n, h);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
