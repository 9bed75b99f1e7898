// backward.c for lab 4
// n = sample, c = class, h = hidden unit, d = input feature

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = cache->N;
  size_t D = net->D;
  size_t H = net->H;
  size_t C = net->C;
  size_t n, c, h, d;
  double total;

  // dz2 = softmax minus 1 at the right class, divided by N
  for (n = 0; n < N; n++)
  {
    for (c = 0; c < C; c++)
    {
      gsl_matrix_set(g->dz2, n, c, gsl_matrix_get(cache->prob, n, c) / N);
      // take 1/N away at the correct class
      gsl_matrix_set(g->dz2, n, y[n], gsl_matrix_get(g->dz2, n, y[n]) - 1.0 / N);
    }
  }

  // dW2
  for (h = 0; h < H; h++)
  {
    for (c = 0; c < C; c++)
    {
      total = 0.0;
      for (n = 0; n < N; n++)
      {
        total += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
      }
      gsl_matrix_set(g->dW2, h, c, total + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
    }
  }

  // db2
  for (c = 0; c < C; c++)
  {
    total = 0.0;
    for (n = 0; n < N; n++)
    {
      total += gsl_matrix_get(g->dz2, n, c);
    }
    gsl_vector_set(g->db2, c, total);
  }

  // dp1
  for (n = 0; n < N; n++)
  {
    for (h = 0; h < H; h++)
    {
      total = 0.0;
      for (c = 0; c < C; c++)
      {
        total += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
      }
      gsl_matrix_set(g->dp1, n, h, total);
    }
  }

  // dz1 (relu lets it through only if z1 > 0)
  for (n = 0; n < N; n++)
  {
    for (h = 0; h < H; h++)
    {
      if (gsl_matrix_get(cache->z1, n, h) > 0)
        gsl_matrix_set(g->dz1, n, h, gsl_matrix_get(g->dp1, n, h));
      else
        gsl_matrix_set(g->dz1, n, h, 0.0);
    }
  }

  // dW1
  for (d = 0; d < D; d++)
  {
    for (h = 0; h < H; h++)
    {
      total = 0.0;
      for (n = 0; n < N; n++)
      {
        total += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
      }
      gsl_matrix_set(g->dW1, d, h, total + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
    }
  }

  // db1
  for (h = 0; h < H; h++)
  {
    total = 0.0;
    for (n = 0; n < N; n++)
    {
      total += gsl_matrix_get(g->dz1, n, h);
    }
    gsl_vector_set(g->db1, h, total);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
