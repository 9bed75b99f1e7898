/*
 * backward.c -- Devoir 2 (retropropagation)
 * Equipe : Gagnon / Nguyen
 *
 * On accede directement a ->data avec le tda (plus rapide que les get/set,
 * et le prof a dit que c'etait correct si on respecte le tda).
 */

#include "backprop.h"

#define ELEM(A, i, j)  ((A)->data[(i) * (A)->tda + (j)])
#define VEC(v, i)      ((v)->data[(i) * (v)->stride])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, d, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* sortie : dz2 */
  for (n = 0; n < N; n++)
  {
    for (c = 0; c < C; c++)
    {
      ELEM (g->dz2, n, c) = ELEM (cache->prob, n, c) / N;
    }
    ELEM (g->dz2, n, y[n]) -= 1.0 / N;
  }

  /* couche de sortie : dW2, db2 */
  for (h = 0; h < H; h++)
  {
    for (c = 0; c < C; c++)
    {
      double acc = 2.0 * reg * ELEM (net->W2, h, c);
      for (n = 0; n < N; n++)
        acc += ELEM (cache->p1, n, h) * ELEM (g->dz2, n, c);
      ELEM (g->dW2, h, c) = acc;
    }
  }
  for (c = 0; c < C; c++)
  {
    double acc = 0.0;
    for (n = 0; n < N; n++)
      acc += ELEM (g->dz2, n, c);
    VEC (g->db2, c) = acc;
  }

  /* couche cachee : dp1 puis dz1.  p1 > 0 exactement quand z1 > 0, donc on
   * peut utiliser p1 pour le masque. */
  for (n = 0; n < N; n++)
  {
    for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (c = 0; c < C; c++)
        acc += ELEM (g->dz2, n, c) * ELEM (net->W2, h, c);
      ELEM (g->dp1, n, h) = acc;
      ELEM (g->dz1, n, h) = ELEM (cache->p1, n, h) > 0.0 ? acc : 0.0;
    }
  }

  /* premiere couche : dW1, db1 */
  for (d = 0; d < D; d++)
  {
    for (h = 0; h < H; h++)
    {
      double acc = 2.0 * reg * ELEM (net->W1, d, h);
      for (n = 0; n < N; n++)
        acc += ELEM (X, n, d) * ELEM (g->dz1, n, h);
      ELEM (g->dW1, d, h) = acc;
    }
  }
  for (h = 0; h < H; h++)
  {
    double acc = 0.0;
    for (n = 0; n < N; n++)
      acc += ELEM (g->dz1, n, h);
    VEC (g->db1, h) = acc;
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
