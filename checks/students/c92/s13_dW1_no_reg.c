/* lab6: backward()
 * G/S are just shorter names for gsl_matrix_get/set */

#include "backprop.h"

#define G(m, i, j)     gsl_matrix_get ((m), (i), (j))
#define S(m, i, j, v)  gsl_matrix_set ((m), (i), (j), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t a, b, n;
  double acc;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* scores gradient */
  for (n = 0; n < N; n++)
    for (b = 0; b < C; b++)
      S (g->dz2, n, b, (G (cache->prob, n, b) - (b == y[n])) / N);

  /* second layer */
  for (a = 0; a < H; a++)
    for (b = 0; b < C; b++)
      {
        acc = 0;
        for (n = 0; n < N; n++)
          acc += G (cache->p1, n, a) * G (g->dz2, n, b);
        S (g->dW2, a, b, acc + 2 * reg * G (net->W2, a, b));
      }

  for (b = 0; b < C; b++)
    {
      acc = 0;
      for (n = 0; n < N; n++)
        acc += G (g->dz2, n, b);
      gsl_vector_set (g->db2, b, acc);
    }

  /* hidden */
  for (n = 0; n < N; n++)
    for (a = 0; a < H; a++)
      {
        acc = 0;
        for (b = 0; b < C; b++)
          acc += G (g->dz2, n, b) * G (net->W2, a, b);
        S (g->dp1, n, a, acc);
        S (g->dz1, n, a, G (cache->z1, n, a) > 0 ? acc : 0);
      }

  /* first layer (reg as for W2) */
  for (a = 0; a < D; a++)
    for (b = 0; b < H; b++)
      {
        acc = 0;
        for (n = 0; n < N; n++)
          acc += G (X, n, a) * G (g->dz1, n, b);
        S (g->dW1, a, b, acc);
      }

  for (b = 0; b < H; b++)
    {
      acc = 0;
      for (n = 0; n < N; n++)
        acc += G (g->dz1, n, b);
      gsl_vector_set (g->db1, b, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
