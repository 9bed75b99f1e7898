/* backward.c -- homework 3 -- Aisha Bello
 *
 * VLAs on the stack (our batches are small), memcpy for the copy back,
 * one row at a time so it does not matter how gsl pads its rows.
 * To save memory I only keep ONE N x H buffer for the hidden layer.
 */

#include <string.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static void
rows_back (gsl_matrix *M, size_t rows, size_t cols, const double *src)
{
  for (size_t r = 0; r < rows; r++)
    memcpy (gsl_matrix_ptr (M, r, 0), src + r * cols, cols * sizeof (double));
}

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

  double out[N][C];           /* dL/dz2 */
  double hid[N][H];           /* dL/dp1, then dL/dz1 */
  double gw2[H][C], gw1[D][H], gb2[C], gb1[H];

  /* output layer */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      out[n][c] = gsl_matrix_get (cache->prob, n, c) / N;
  for (n = 0; n < N; n++)
    out[n][y[n]] -= 1.0 / N;

  for (h = 0; h < H; h++)
    for (c = 0; c < C; c++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W2, h, c);
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (cache->p1, n, h) * out[n][c];
        gw2[h][c] = s;
      }
  for (c = 0; c < C; c++)
    {
      gb2[c] = 0;
      for (n = 0; n < N; n++)
        gb2[c] += out[n][c];
    }

  /* hidden layer */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double s = 0;
        for (c = 0; c < C; c++)
          s += out[n][c] * gsl_matrix_get (net->W2, h, c);
        hid[n][h] = s;
      }
  /* through the relu, in place */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0)
        hid[n][h] = 0;

  for (d = 0; d < D; d++)
    for (h = 0; h < H; h++)
      {
        double s = 2 * reg * gsl_matrix_get (net->W1, d, h);
        for (n = 0; n < N; n++)
          s += gsl_matrix_get (X, n, d) * hid[n][h];
        gw1[d][h] = s;
      }
  for (h = 0; h < H; h++)
    {
      gb1[h] = 0;
      for (n = 0; n < N; n++)
        gb1[h] += hid[n][h];
    }

  /* copy everything back */
  rows_back (g->dz2, N, C, &out[0][0]);
  rows_back (g->dW2, H, C, &gw2[0][0]);
  rows_back (g->dp1, N, H, &hid[0][0]);
  rows_back (g->dz1, N, H, &hid[0][0]);
  rows_back (g->dW1, D, H, &gw1[0][0]);
  for (c = 0; c < C; c++)
    gsl_vector_set (g->db2, c, gb2[c]);
  for (h = 0; h < H; h++)
    gsl_vector_set (g->db1, h, gb1[h]);
  g->present = BP_GRADS_ALL;
  return 0;
}
