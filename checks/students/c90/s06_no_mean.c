/* backward.c -- Assignment 2, Q3.
 *
 *   L = -(1/N) sum_i log P[i][y_i] + reg (sum W1^2 + sum W2^2)
 *
 * Chain rule, entry by entry (i sample, a hidden, c class, d input):
 *   dz2[i][c] = P[i][c] - delta(c, y_i)
 *   dW2[a][c] = sum_i p1[i][a] dz2[i][c] + 2 reg W2[a][c]
 *   db2[c]    = sum_i dz2[i][c]
 *   dp1[i][a] = sum_c dz2[i][c] W2[a][c]
 *   dz1[i][a] = dp1[i][a] * 1(z1[i][a] > 0)
 *   dW1[d][a] = sum_i X[i][d] dz1[i][a] + 2 reg W1[d][a]
 *   db1[a]    = sum_i dz1[i][a]
 */
#include "backprop.h"

#define G(M, r, c)     gsl_matrix_get ((M), (r), (c))
#define S(M, r, c, v)  gsl_matrix_set ((M), (r), (c), (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, a, c, d;
  double t;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (c = 0; c < C; c++)
      S (g->dz2, i, c, G (cache->prob, i, c) - (c == y[i] ? 1.0 : 0.0));

  for (a = 0; a < H; a++)
    for (c = 0; c < C; c++) {
      t = 2 * reg * G (net->W2, a, c);
      for (i = 0; i < N; i++)
        t += G (cache->p1, i, a) * G (g->dz2, i, c);
      S (g->dW2, a, c, t);
    }

  for (c = 0; c < C; c++) {
    t = 0;
    for (i = 0; i < N; i++)
      t += G (g->dz2, i, c);
    gsl_vector_set (g->db2, c, t);
  }

  for (i = 0; i < N; i++)
    for (a = 0; a < H; a++) {
      t = 0;
      for (c = 0; c < C; c++)
        t += G (g->dz2, i, c) * G (net->W2, a, c);
      S (g->dp1, i, a, t);
    }

  for (i = 0; i < N; i++)
    for (a = 0; a < H; a++)
      S (g->dz1, i, a, G (cache->z1, i, a) > 0 ? G (g->dp1, i, a) : 0);

  for (d = 0; d < D; d++)
    for (a = 0; a < H; a++) {
      t = 2 * reg * G (net->W1, d, a);
      for (i = 0; i < N; i++)
        t += G (X, i, d) * G (g->dz1, i, a);
      S (g->dW1, d, a, t);
    }

  for (a = 0; a < H; a++) {
    t = 0;
    for (i = 0; i < N; i++)
      t += G (g->dz1, i, a);
    gsl_vector_set (g->db1, a, t);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
