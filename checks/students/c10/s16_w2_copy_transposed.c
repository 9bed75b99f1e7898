/*  backward.c  --  Deep Learning course, exercise sheet 4, task 2
 *  Group 7: F. Nakamura
 *
 *  Notation (lecture 5):  h = relu(z1),  s = z2,  p = softmax(s)
 *     ds  = (p - onehot) / N
 *     dW2 = h^T ds + 2 reg W2          db2 = sum_n ds
 *     dh  = ds W2^T
 *     dz1 = dh * 1{z1 > 0}
 *     dW1 = X^T dz1 + 2 reg W1         db1 = sum_n dz1
 *  (copies into plain arrays, flat, row-major)
 */

#include <stdlib.h>
#include "backprop.h"

static void put_back (gsl_matrix *M, const double *src, size_t r, size_t c);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, n;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  double *w1 = calloc (D * H, sizeof (double));
  double *w2 = calloc (H * C, sizeof (double));
  double *ds = calloc (N * C, sizeof (double));
  double *gW2 = calloc (H * C, sizeof (double));
  double *gb2 = calloc (C, sizeof (double));
  double *dh = calloc (N * H, sizeof (double));
  double *dz1 = calloc (N * H, sizeof (double));
  double *gW1 = calloc (D * H, sizeof (double));
  double *gb1 = calloc (H, sizeof (double));

  /* weights out of gsl */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      w1[i * H + j] = gsl_matrix_get (net->W1, i, j);
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      w2[j * H + i] = gsl_matrix_get (net->W2, i, j);

  /* ds */
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      ds[n * C + j] = gsl_matrix_get (cache->prob, n, j) / N;
  for (n = 0; n < N; n++)
    ds[n * C + y[n]] -= 1.0 / N;

  /* dW2, db2 */
  for (i = 0; i < H; i++)
    for (j = 0; j < C; j++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (cache->p1, n, i) * ds[n * C + j];
        gW2[i * C + j] = acc + 2.0 * reg * w2[i * C + j];
      }
  for (n = 0; n < N; n++)
    for (j = 0; j < C; j++)
      gb2[j] += ds[n * C + j];

  /* dh = ds W2^T */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      {
        double acc = 0.0;
        for (j = 0; j < C; j++)
          acc += ds[n * C + j] * w2[i * C + j];
        dh[n * H + i] = acc;
      }

  /* dz1 */
  for (n = 0; n < N; n++)
    for (i = 0; i < H; i++)
      if (gsl_matrix_get (cache->z1, n, i) > 0.0)
        dz1[n * H + i] = dh[n * H + i];

  /* dW1, db1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0.0;
        for (n = 0; n < N; n++)
          acc += gsl_matrix_get (X, n, i) * dz1[n * H + j];
        gW1[i * H + j] = acc + 2.0 * reg * w1[i * H + j];
      }
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      gb1[j] += dz1[n * H + j];

  put_back (g->dz2, ds, N, C);
  put_back (g->dW2, gW2, H, C);
  put_back (g->dp1, dh, N, H);
  put_back (g->dz1, dz1, N, H);
  put_back (g->dW1, gW1, D, H);
  for (j = 0; j < C; j++)
    gsl_vector_set (g->db2, j, gb2[j]);
  for (j = 0; j < H; j++)
    gsl_vector_set (g->db1, j, gb1[j]);
  g->present = BP_GRADS_ALL;

  free (w1); free (w2); free (ds); free (gW2); free (gb2);
  free (dh); free (dz1); free (gW1); free (gb1);
  return 0;
}

static void
put_back (gsl_matrix *M, const double *src, size_t r, size_t c)
{
  for (size_t i = 0; i < r; i++)
    for (size_t j = 0; j < c; j++)
      gsl_matrix_set (M, i, j, src[i * c + j]);
}
