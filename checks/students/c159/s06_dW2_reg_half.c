/*
 * backward.c -- two layer net, backward.
 *
 * buf  : dz2              (N x C)
 * buf2 : dp1 -> dz1       (N x H)
 * tmp  : reg part of dW2  (H x C)
 * tmp2 : reg part of dW1  (D x H)
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *buf, *buf2, *tmp, *tmp2;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  buf = gsl_matrix_alloc (N, C);
  buf2 = gsl_matrix_alloc (N, H);
  tmp = gsl_matrix_alloc (H, C);
  tmp2 = gsl_matrix_alloc (D, H);

  /* dz2 */
  gsl_matrix_memcpy (buf, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (buf, i, y[i], gsl_matrix_get (buf, i, y[i]) - 1.0);
  gsl_matrix_scale (buf, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, buf);

  /* dW2: data part p1' dz2, then the reg part.
     d/dW of reg*W^2 is reg*W */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, buf, 0.0, g->dW2);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, reg);
  gsl_matrix_add (g->dW2, tmp);

  /* db2 */
  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (buf, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, buf, net->W2, 0.0, buf2);
  gsl_matrix_memcpy (g->dp1, buf2);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (buf2, i, j, 0.0);
  gsl_matrix_memcpy (g->dz1, buf2);

  /* dW1: same as dW2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, buf2, 0.0, g->dW1);
  gsl_matrix_memcpy (tmp2, net->W1);
  gsl_matrix_scale (tmp2, 2.0 * reg);
  gsl_matrix_add (g->dW1, tmp2);

  /* db1 */
  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (buf2, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (buf);
  gsl_matrix_free (buf2);
  gsl_matrix_free (tmp);
  gsl_matrix_free (tmp2);
  g->present = BP_GRADS_ALL;
  return 0;
}
