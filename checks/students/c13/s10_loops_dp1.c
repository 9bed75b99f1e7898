/*  backward.c   --  lab 7 (two-layer net, backprop)
 *
 *  I wrote everything with plain loops, no BLAS, so I can see every index.
 *  A(i,j) style 1-based access via the macros, then -1 inside.
 *
 *  MATLAB I am translating (layer names from the handout):
 *     dz2 = (prob - onehot(y)) / N
 *     dW2 = p1' * dz2 + 2*reg*W2          db2 = sum(dz2)'
 *     dp1 = dz2 * W2'
 *     dz1 = dp1 .* (z1 > 0)
 *     dW1 = X' * dz1 + 2*reg*W1           db1 = sum(dz1)'
 */

#include "backprop.h"

#define M_(A, i, j)    gsl_matrix_get ((A), (i) - 1, (j) - 1)
#define M_SET(A, i, j, v) gsl_matrix_set ((A), (i) - 1, (j) - 1, (v))
#define V_SET(a, i, v)  gsl_vector_set ((a), (i) - 1, (v))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k, n;
  double acc;

  if (N != cache->N || D != X->size2 || g->N != N)
    return 1;

  /* dz2 = (prob - onehot(y)) / N */
  for (n = 1; n <= N; n++)
    for (k = 1; k <= C; k++)
      {
        double t = (k - 1 == y[n - 1]) ? 1.0 : 0.0;
        M_SET (g->dz2, n, k, (M_ (cache->prob, n, k) - t) / N);
      }

  /* dW2 = p1' * dz2 + 2*reg*W2 */
  for (j = 1; j <= H; j++)
    for (k = 1; k <= C; k++)
      {
        acc = 0.0;
        for (n = 1; n <= N; n++)
          acc += M_ (cache->p1, n, j) * M_ (g->dz2, n, k);
        M_SET (g->dW2, j, k, acc + 2.0 * reg * M_ (net->W2, j, k));
      }

  /* db2 = sum(dz2)' */
  for (k = 1; k <= C; k++)
    {
      acc = 0.0;
      for (n = 1; n <= N; n++)
        acc += M_ (g->dz2, n, k);
      V_SET (g->db2, k, acc);
    }

  /* dp1 = dz2 * W2'    dp1(n,j) = sum_k dz2(n,k) * W2(j,k) */
  for (n = 1; n <= N; n++)
    for (j = 1; j <= H; j++)
      {
        acc = 0.0;
        for (k = 1; k < C; k++)
          acc += M_ (g->dz2, n, k) * M_ (net->W2, j, k);
        M_SET (g->dp1, n, j, acc);
      }

  /* dz1 = dp1 .* (z1 > 0) */
  for (n = 1; n <= N; n++)
    for (j = 1; j <= H; j++)
      M_SET (g->dz1, n, j, M_ (cache->z1, n, j) > 0 ? M_ (g->dp1, n, j) : 0.0);

  /* dW1 = X' * dz1 + 2*reg*W1 */
  for (i = 1; i <= D; i++)
    for (j = 1; j <= H; j++)
      {
        acc = 0.0;
        for (n = 1; n <= N; n++)
          acc += M_ (X, n, i) * M_ (g->dz1, n, j);
        M_SET (g->dW1, i, j, acc + 2.0 * reg * M_ (net->W1, i, j));
      }

  /* db1 = sum(dz1)' */
  for (j = 1; j <= H; j++)
    {
      acc = 0.0;
      for (n = 1; n <= N; n++)
        acc += M_ (g->dz1, n, j);
      V_SET (g->db1, j, acc);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
