/*  two-layer net backward pass
 *
 *  I make all the transposes explicitly (gsl_matrix_transpose_memcpy) and
 *  only ever call dgemm with NoTrans, NoTrans, so the shapes are easy to
 *  check by hand:  (a x b)(b x c) = (a x c).
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t i, j;
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1;
  gsl_matrix *dz1 = g->dz1, *dW1 = g->dW1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* ---- scores ---- */
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);
  gsl_matrix_memcpy (dz2, cache->prob);
  gsl_matrix_sub (dz2, Y);
  gsl_matrix_scale (dz2, 1.0 / N);

  /* ---- second layer ---- */
  gsl_matrix *p1t = gsl_matrix_alloc (H, N);                 /* H x N */
  gsl_matrix_transpose_memcpy (p1t, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1t, dz2, 0.0, dW2);  /* H x C */
  gsl_matrix *twoRegW2 = gsl_matrix_alloc (H, C);
  gsl_matrix_memcpy (twoRegW2, W2);
  gsl_matrix_scale (twoRegW2, 2.0 * reg);
  gsl_matrix_add (dW2, twoRegW2);

  for (j = 0; j < C; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }

  /* ---- back to the hidden layer ---- */
  gsl_matrix *W2t = gsl_matrix_alloc (C, H);                 /* C x H */
  gsl_matrix_transpose_memcpy (W2t, dW2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dz2, W2t, 0.0, dp1);  /* N x H */

  gsl_matrix *relu_mask = gsl_matrix_calloc (N, H);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (relu_mask, i, j, 1.0);
  gsl_matrix_memcpy (dz1, dp1);
  gsl_matrix_mul_elements (dz1, relu_mask);

  /* ---- first layer ---- */
  gsl_matrix *Xt = gsl_matrix_alloc (D, N);                  /* D x N */
  gsl_matrix_transpose_memcpy (Xt, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, dz1, 0.0, dW1);   /* D x H */
  gsl_matrix *twoRegW1 = gsl_matrix_alloc (D, H);
  gsl_matrix_memcpy (twoRegW1, W1);
  gsl_matrix_scale (twoRegW1, 2.0 * reg);
  gsl_matrix_add (dW1, twoRegW1);

  for (j = 0; j < H; j++)
    {
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }

  gsl_matrix_free (Y);
  gsl_matrix_free (p1t);
  gsl_matrix_free (twoRegW2);
  gsl_matrix_free (W2t);
  gsl_matrix_free (relu_mask);
  gsl_matrix_free (Xt);
  gsl_matrix_free (twoRegW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
