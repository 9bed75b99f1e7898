/* hw3_backward.c
 * dL/dW2 gets the regulariser, dL/dW1 too.  Hidden layer gradient
 * computed once and reused. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = X->size2, H = net->H, C = net->C;
  size_t s, u, o, f;

  if (N != cache->N || D != net->D || g->N != N)
    return 1;

  for (s = 0; s < N; s++)
    for (o = 0; o < C; o++)
      gsl_matrix_set (g->dz2, s, o,
                      (gsl_matrix_get (cache->prob, s, o) - (o == y[s] ? 1 : 0))
                      / (double) N);

  for (u = 0; u < H; u++)
    for (o = 0; o < C; o++)
      {
        double acc = 0;
        for (s = 0; s < N; s++)
          acc += gsl_matrix_get (cache->p1, s, u) * gsl_matrix_get (g->dz2, s, o);
        gsl_matrix_set (g->dW2, u, o, acc + reg * gsl_matrix_get (net->W2, u, o));
      }

  for (o = 0; o < C; o++)
    {
      double acc = 0;
      for (s = 0; s < N; s++)
        acc += gsl_matrix_get (g->dz2, s, o);
      gsl_vector_set (g->db2, o, acc);
    }

  for (s = 0; s < N; s++)
    for (u = 0; u < H; u++)
      {
        double acc = 0;
        for (o = 0; o < C; o++)
          acc += gsl_matrix_get (g->dz2, s, o) * gsl_matrix_get (net->W2, u, o);
        gsl_matrix_set (g->dp1, s, u, acc);
        gsl_matrix_set (g->dz1, s, u, gsl_matrix_get (cache->z1, s, u) > 0 ? acc : 0);
      }

  for (f = 0; f < D; f++)
    for (u = 0; u < H; u++)
      {
        double acc = 0;
        for (s = 0; s < N; s++)
          acc += gsl_matrix_get (X, s, f) * gsl_matrix_get (g->dz1, s, u);
        gsl_matrix_set (g->dW1, f, u, acc + 2 * reg * gsl_matrix_get (net->W1, f, u));
      }

  for (u = 0; u < H; u++)
    {
      double acc = 0;
      for (s = 0; s < N; s++)
        acc += gsl_matrix_get (g->dp1, s, u);
      gsl_vector_set (g->db1, u, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
