/* two-layer net, backward.  Macros keep the indexing short. */
#include "backprop.h"

#define M(A, i, j)       gsl_matrix_get ((A), (i), (j))
#define SET(A, i, j, v)  gsl_matrix_set ((A), (i), (j), (v))
#define V(v, i)          gsl_vector_get ((v), (i))
#define VSET(v, i, x)    gsl_vector_set ((v), (i), (x))
#define RELU_D(z)        ((z) > 0.0 ? 1.0 : 0.0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H;
  int C = (int) net->C;
  int i, j, k;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      SET (g->dz2, i, j, (M (cache->prob, i, j) - (j == (int) y[j])) / N);

  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 2.0 * reg * M (net->W2, j, k);
        for (i = 0; i < N; i++)
          s += M (cache->p1, i, j) * M (g->dz2, i, k);
        SET (g->dW2, j, k, s);
      }

  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += M (g->dz2, i, k);
      VSET (g->db2, k, s);
    }

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += M (g->dz2, i, k) * M (net->W2, j, k);
        SET (g->dp1, i, j, s);
        SET (g->dz1, i, j, s * RELU_D (M (cache->z1, i, j)));
      }

  for (k = 0; k < D; k++)
    for (j = 0; j < H; j++)
      {
        double s = 2.0 * reg * M (net->W1, k, j);
        for (i = 0; i < N; i++)
          s += M (X, i, k) * M (g->dz1, i, j);
        SET (g->dW1, k, j, s);
      }

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += M (g->dz1, i, j);
      VSET (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
