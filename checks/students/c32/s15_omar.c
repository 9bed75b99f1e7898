/* backward.c -- Omar Haddad, homework 2
 *
 * Flat arrays: AT(p, i, j, ncols) is element (i, j) of a row-major
 * array with ncols columns.  Shapes:
 *   X (N,D)  W1 (D,H)  W2 (H,C)  z1,p1 (N,H)  prob (N,C)
 */

#include "backprop.h"

#define AT(p, i, j, ncols) ((p)[(i) * (ncols) + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k, d;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  const double *x = X->data;
  const double *w1 = net->W1->data, *w2 = net->W2->data;
  const double *z1 = cache->z1->data, *p1 = cache->p1->data;
  const double *prob = cache->prob->data;

  /* 1. dz2 */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      AT (g->dz2->data, i, k, C) = (AT (prob, i, k, C) - (k == y[i] ? 1.0 : 0.0)) / N;

  /* 2. dW2 = p1^T dz2 + 2 reg W2 */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += AT (p1, i, j, H) * AT (g->dz2->data, i, k, C);
        AT (g->dW2->data, j, k, C) = s + 2.0 * reg * AT (w2, j, k, C);
      }

  /* 3. db2 */
  for (k = 0; k < C; k++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz2->data, i, k, C);
      g->db2->data[k] = s;
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (k = 0; k < C; k++)
          s += AT (g->dz2->data, i, k, C) * AT (w2, k, j, H);
        AT (g->dp1->data, i, j, H) = s;
      }

  /* 5. dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      AT (g->dz1->data, i, j, H) = AT (z1, i, j, H) > 0.0 ? AT (g->dp1->data, i, j, H) : 0.0;

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (d = 0; d < D; d++)
    for (j = 0; j < H; j++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += AT (x, i, d, D) * AT (g->dz1->data, i, j, H);
        AT (g->dW1->data, d, j, H) = s + 2.0 * reg * AT (w1, d, j, H);
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += AT (g->dz1->data, i, j, H);
      g->db1->data[j] = s;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
