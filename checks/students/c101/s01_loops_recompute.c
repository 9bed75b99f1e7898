/* backward.c -- HW3 retake, two layer net backward
 * I did this with loops this time, last time the BLAS version gave me
 * wrong shapes and I could not find out why.  Slower but I can read it. */

#include <math.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* softmax of one row of z2, again.  the cache has prob already but I
 * want to be sure it is the stable one (subtract max) */
static void
row_softmax (const gsl_matrix *z2, size_t i, double *out)
{
  size_t k, C = z2->size2;
  double mx = gsl_matrix_get (z2, i, 0), sum = 0.0;
  for (k = 1; k < C; k++)
    if (gsl_matrix_get (z2, i, k) > mx)
      mx = gsl_matrix_get (z2, i, k);
  for (k = 0; k < C; k++)
    {
      out[k] = exp (gsl_matrix_get (z2, i, k) - mx);
      sum += out[k];
    }
  for (k = 0; k < C; k++)
    out[k] /= sum;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  double row[64];
  double s;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  if (C > 64)
    return 1;   /* row buffer too small, should never happen in the hw */

  /* 1. dz2 = (softmax - onehot) / N */
  for (i = 0; i < N; i++)
    {
      row_softmax (cache->z2, i, row);
      for (k = 0; k < C; k++)
        {
          double d = row[k];
          if (k == y[i])
            d = d - 1.0;
          gsl_matrix_set (g->dz2, i, k, d / (double) N);
        }
    }

  /* 2. dW2 = p1^T dz2 + 2 reg W2   (no 1/2 in this loss!) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        s += 2.0 * reg * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dW2, j, k, s);
      }

  /* 3. db2 = sum over the samples */
  for (k = 0; k < C; k++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, s);
    }

  /* 4. dp1 = dz2 W2^T */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < C; k++)
          s += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, s);
      }

  /* 5. relu: pass the gradient only where z1 was positive */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1 */
  for (i = 0; i < D; i++)
    for (j = 0; j < H; j++)
      {
        s = 0.0;
        for (k = 0; k < N; k++)
          s += gsl_matrix_get (X, k, i) * gsl_matrix_get (g->dz1, k, j);
        gsl_matrix_set (g->dW1, i, j, s + 2.0 * reg * gsl_matrix_get (net->W1, i, j));
      }

  /* 7. db1 */
  for (j = 0; j < H; j++)
    {
      s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
