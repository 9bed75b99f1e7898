/* backward.c -- Report 3, two-layer network: the backward pass
 *
 * Yamada Haruto  (student no. 2251037)
 *
 * Every gradient is written with gsl_matrix_get / gsl_matrix_set loops.
 * Only dW1 uses gsl_blas_dgemm, because X' dz1 is the largest product.
 * Checked with `make check' on the toy net and on 6-8-4.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H, C = net->C;
  size_t i, j, k;
  double heikin = 1.0 / (double) N;   /* the loss is a mean over samples */
  double wa;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (prob - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      {
        double p = gsl_matrix_get (cache->prob, i, k);
        if (k == y[i])
          p -= 1.0;
        gsl_matrix_set (g->dz2, i, k, p * heikin);
      }

  /* 2. dW2 = p1' dz2 + 2 reg W2   (H, C) */
  for (j = 0; j < H; j++)
    for (k = 0; k < C; k++)
      {
        wa = 0.0;
        for (i = 0; i < N; i++)
          wa += gsl_matrix_get (cache->p1, i, j) * gsl_matrix_get (g->dz2, i, k);
        gsl_matrix_set (g->dW2, j, k,
                        wa + 2.0 * reg * gsl_matrix_get (net->W2, j, k));
      }

  /* 3. db2 = sum of dz2 over the samples   (C) */
  for (k = 0; k < C; k++)
    {
      wa = 0.0;
      for (i = 0; i < N; i++)
        wa += gsl_matrix_get (g->dz2, i, k);
      gsl_vector_set (g->db2, k, wa);
    }

  /* 4. dp1 = dz2 W2'   (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        wa = 0.0;
        for (k = 0; k < C; k++)
          wa += gsl_matrix_get (g->dz2, i, k) * gsl_matrix_get (net->W2, j, k);
        gsl_matrix_set (g->dp1, i, j, wa);
      }

  /* 5. dz1 = dp1 where z1 > 0, else 0   (N, H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
        else
          gsl_matrix_set (g->dz1, i, j, 0.0);
      }

  /* 6. dW1 = X' dz1 + 2 reg W1   (D, H)
   *    copy W1 first, then dgemm adds X' dz1 to 2 reg W1 (beta = 2 reg) */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* 7. db1 = sum of dz1 over the samples   (H) */
  for (j = 0; j < H; j++)
    {
      wa = 0.0;
      for (i = 0; i < N; i++)
        wa += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, wa);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
