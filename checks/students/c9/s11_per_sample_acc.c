/* bp.c -- per-sample backprop, 2 layer net.  (c) J.H., ML lab */
#include "backprop.h"

#define IDX(i, j, ld) ((i) * (ld) + (j))

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
zero (double *a, size_t ld, size_t m, size_t n)
{
  size_t i, j;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      a[IDX (i, j, ld)] = 0.0;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, i, h, c;
  double acc, t;
  double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
  double *dW2 = g->dW2->data, *dW1 = g->dW1->data;
  double *db2 = g->db2->data, *db1 = g->db1->data;
  size_t l2 = g->dz2->tda, lp = g->dp1->tda, lz = g->dz1->tda;
  size_t lw2 = g->dW2->tda, lw1 = g->dW1->tda;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  zero (dW2, lw2, H, C);
  zero (dW1, lw1, D, H);
  zero (db2, 1, 1, C);
  zero (db1, 1, 1, H);

  for (n = 0; n < N; n++)
    {
      /* dz2 row n */
      for (c = 0; c < C; c++)
        {
          t = gsl_matrix_get (cache->prob, n, c);
          if (c == y[n])
            t -= 1.0;
          dz2[IDX (n, c, l2)] = t / N;
          db2[c] += t / N;
        }

      /* dp1 row n, dz1 row n */
      acc = 0.0;
      for (h = 0; h < H; h++)
        {
          for (c = 0; c < C; c++)
            acc += dz2[IDX (n, c, l2)] * gsl_matrix_get (net->W2, h, c);
          dp1[IDX (n, h, lp)] = acc;
          dz1[IDX (n, h, lz)] = gsl_matrix_get (cache->z1, n, h) > 0 ? acc : 0;
        }

      /* outer products into dW2, dW1; db1 */
      for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
          dW2[IDX (h, c, lw2)] += gsl_matrix_get (cache->p1, n, h) * dz2[IDX (n, c, l2)];
      for (i = 0; i < D; i++)
        for (h = 0; h < H; h++)
          dW1[IDX (i, h, lw1)] += gsl_matrix_get (X, n, i) * dz1[IDX (n, h, lz)];
      for (h = 0; h < H; h++)
        db1[h] += dz1[IDX (n, h, lz)];
    }

  /* reg */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      dW2[IDX (h, c, lw2)] += 2 * reg * gsl_matrix_get (net->W2, h, c);
  for (i = 0; i < D; i++)
    for (h = 0; h < H; h++)
      dW1[IDX (i, h, lw1)] += 2 * reg * gsl_matrix_get (net->W1, i, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
