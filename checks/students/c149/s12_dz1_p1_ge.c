/* backward.c -- two-layer net, gradients by hand
 * (FOR macro because I got tired of typing the loops) */

#include <stdlib.h>
#include "backprop.h"

#define FOR(i, n) for (size_t i = 0; i < (n); i++)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double **
mk (size_t r, size_t c, const gsl_matrix *init)
{
  double **a = malloc (r * sizeof *a);
  FOR (i, r)
    {
      a[i] = calloc (c, sizeof **a);
      if (init)
        FOR (j, c) a[i][j] = gsl_matrix_get (init, i, j);
    }
  return a;
}

static void
rm (double **a, size_t r)
{
  FOR (i, r) free (a[i]);
  free (a);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double **x = mk (N, D, X), **w1 = mk (D, H, net->W1), **w2 = mk (H, C, net->W2);
  double **a1 = mk (N, H, cache->p1), **p = mk (N, C, cache->prob);
  double **dz2 = mk (N, C, NULL), **dw2 = mk (H, C, NULL), **dp1 = mk (N, H, NULL);
  double **dz1 = mk (N, H, NULL), **dw1 = mk (D, H, NULL);
  double **db = mk (2, H > C ? H : C, NULL);   /* row 0 = db1, row 1 = db2 */

  FOR (i, N) FOR (c, C)
    dz2[i][c] = (p[i][c] - (c == y[i] ? 1.0 : 0.0)) / (double) N;

  FOR (h, H) FOR (c, C)
    {
      FOR (i, N) dw2[h][c] += a1[i][h] * dz2[i][c];
      dw2[h][c] += 2.0 * reg * w2[h][c];
    }
  FOR (i, N) FOR (c, C) db[1][c] += dz2[i][c];

  FOR (i, N) FOR (h, H) FOR (c, C)
    dp1[i][h] += dz2[i][c] * w2[h][c];

  /* relu: gradient only flows where the unit was active */
  FOR (i, N) FOR (h, H)
    dz1[i][h] = a1[i][h] >= 0.0 ? dp1[i][h] : 0.0;

  FOR (d, D) FOR (h, H)
    {
      FOR (i, N) dw1[d][h] += x[i][d] * dz1[i][h];
      dw1[d][h] += 2.0 * reg * w1[d][h];
    }
  FOR (i, N) FOR (h, H) db[0][h] += dz1[i][h];

  FOR (i, N)
    {
      FOR (c, C) gsl_matrix_set (g->dz2, i, c, dz2[i][c]);
      FOR (h, H) gsl_matrix_set (g->dp1, i, h, dp1[i][h]);
      FOR (h, H) gsl_matrix_set (g->dz1, i, h, dz1[i][h]);
    }
  FOR (h, H) FOR (c, C) gsl_matrix_set (g->dW2, h, c, dw2[h][c]);
  FOR (d, D) FOR (h, H) gsl_matrix_set (g->dW1, d, h, dw1[d][h]);
  FOR (c, C) gsl_vector_set (g->db2, c, db[1][c]);
  FOR (h, H) gsl_vector_set (g->db1, h, db[0][h]);

  rm (x, N); rm (w1, D); rm (w2, H); rm (a1, N); rm (p, N);
  rm (dz2, N); rm (dw2, H); rm (dp1, N); rm (dz1, N); rm (dw1, D); rm (db, 2);
  g->present = BP_GRADS_ALL;
  return 0;
}
