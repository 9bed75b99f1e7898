#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1;
  int D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int n, h, c, d;
  double sum;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c) - (c == (int) y[n])) / N);

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        sum = 0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (cache->p1, n, h) * gsl_matrix_get (g->dz2, n, c);
        sum += reg * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dW2, h, c, sum);
      }

  for (c = 0; c < C; c++)
    {
      sum = 0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, sum);
    }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        sum = 0;
        for (c = 0; c < C; c++)
          sum += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, sum);
      }

  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, n, h) > 0)
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (g->dp1, n, h));
      else
        gsl_matrix_set (g->dz1, n, h, 0);

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        sum = 0;
        for (n = 0; n < N; n++)
          sum += gsl_matrix_get (X, n, d) * gsl_matrix_get (g->dz1, n, h);
        sum += 2 * reg * gsl_matrix_get (net->W1, d, h);
        gsl_matrix_set (g->dW1, d, h, sum);
      }

  for (h = 0; h < H; h++)
    {
      sum = 0;
      for (n = 0; n < N; n++)
        sum += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, sum);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
