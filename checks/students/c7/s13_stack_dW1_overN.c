#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  double colsum2[C];
  double colsum1[H];

  for (size_t c = 0; c < C; c++)
    colsum2[c] = 0.0;
  for (size_t i = 0; i < N; i++)
    for (size_t c = 0; c < C; c++)
      {
        double v = gsl_matrix_get (cache->prob, i, c);
        if (c == y[i])
          v = v - 1.0;
        v /= N;
        gsl_matrix_set (g->dz2, i, c, v);
        colsum2[c] += v;
      }
  for (size_t c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, colsum2[c]);

  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      {
        double v = 0.0;
        for (size_t i = 0; i < N; i++)
          v += gsl_matrix_get (cache->p1, i, h) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, h, c, v + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
      }

  for (size_t h = 0; h < H; h++)
    colsum1[h] = 0.0;
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      {
        double v = 0.0;
        for (size_t c = 0; c < C; c++)
          v += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, i, h, v);
        if (gsl_matrix_get (cache->z1, i, h) <= 0.0)
          v = 0.0;
        gsl_matrix_set (g->dz1, i, h, v);
        colsum1[h] += v;
      }
  for (size_t h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, colsum1[h]);

  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      {
        double v = 0.0;
        for (size_t i = 0; i < N; i++)
          v += gsl_matrix_get (X, i, d) * gsl_matrix_get (g->dz1, i, h);
        v /= N;
        gsl_matrix_set (g->dW1, d, h, v + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
