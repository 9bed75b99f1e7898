/*
 *  backward.c       Priya N.     CS 102 (Programming in C)
 *
 *  the bias gradients are the "column totals" of dz2 and dz1, so I wrote
 *  one function col_total and call it two times.  rows = number of
 *  samples, cols = number of entrys in a row.
 */
#include "backprop.h"

void col_total(const double *a, int rows, int cols, double *out);

void col_total(const double *a, int rows, int cols, double *out)
{
  int r, c;
  double t;
  for (c = 0; c < cols; c++) {
    t = 0.0;
    for (r = 0; r < rows; r++)
      t = t + a[c * rows + r];
    out[c] = t;
  }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  int N = (int) X->size1, D = (int) net->D, H = (int) net->H, C = (int) net->C;
  int n, h, c, d;
  double t;
  int tz2 = g->dz2->tda, tp1 = g->dp1->tda, tz1 = g->dz1->tda;

  if ((size_t) N != cache->N || X->size2 != net->D || g->N != (size_t) N)
    return 1;

  /* dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++) {
      t = gsl_matrix_get (cache->prob, n, c);
      if (y[n] == (size_t) c)
        t = t - 1.0;
      g->dz2->data[n * tz2 + c] = t / N;
    }

  /* dW2 */
  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++) {
      t = 0.0;
      for (n = 0; n < N; n++)
        t = t + gsl_matrix_get (cache->p1, n, h) * g->dz2->data[n * tz2 + c];
      gsl_matrix_set (g->dW2, h, c, t + 2.0 * reg * gsl_matrix_get (net->W2, h, c));
    }

  /* db2 */
  col_total (g->dz2->data, N, C, g->db2->data);

  /* dp1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      t = 0.0;
      for (c = 0; c < C; c++)
        t = t + g->dz2->data[n * tz2 + c] * gsl_matrix_get (net->W2, h, c);
      g->dp1->data[n * tp1 + h] = t;
    }

  /* dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++) {
      if (gsl_matrix_get (cache->z1, n, h) > 0.0)
        g->dz1->data[n * tz1 + h] = g->dp1->data[n * tp1 + h];
      else
        g->dz1->data[n * tz1 + h] = 0.0;
    }

  /* dW1 */
  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++) {
      t = 0.0;
      for (n = 0; n < N; n++)
        t = t + gsl_matrix_get (X, n, d) * g->dz1->data[n * tz1 + h];
      gsl_matrix_set (g->dW1, d, h, t + 2.0 * reg * gsl_matrix_get (net->W1, d, h));
    }

  /* db1 */
  col_total (g->dz1->data, N, H, g->db1->data);

  g->present = BP_GRADS_ALL;
  return 0;
}
