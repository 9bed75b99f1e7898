/* backward.c -- the backward pass, written with whole-matrix GSL calls.
 *
 * Transposed temporaries: p1T (H,N), XT (D,N), W2T (C,H), dW2T (C,H),
 * dW1T (H,D).  Reg terms are added with gsl_matrix_scale + gsl_matrix_add.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *dW2T = gsl_matrix_alloc (C, H);
  gsl_matrix *dW1T = gsl_matrix_alloc (H, D);
  gsl_matrix *regW2T = gsl_matrix_alloc (C, H);
  gsl_matrix *regW1 = gsl_matrix_alloc (D, H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_matrix_transpose_memcpy (W2T, net->W2);

  /* dz2 = (prob - onehot) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2T = dz2' p1, then + reg term (derivative of reg*W^2) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, dW2T);
  gsl_matrix_memcpy (regW2T, W2T);
  gsl_matrix_scale (regW2T, reg);
  gsl_matrix_add (dW2T, regW2T);
  gsl_matrix_transpose_memcpy (g->dW2, dW2T);

  /* db2 = 1' dz2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2T */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  /* dz1 */
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      {
        double dz = gsl_matrix_get (g->dp1, n, h);
        if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
          dz = 0.0;
        gsl_matrix_set (g->dz1, n, h, dz);
      }

  /* dW1T = dz1' X, back to (D,H), + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz1, X, 0.0, dW1T);
  gsl_matrix_transpose_memcpy (g->dW1, dW1T);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (W2T);
  gsl_matrix_free (dW2T);
  gsl_matrix_free (dW1T);
  gsl_matrix_free (regW2T);
  gsl_matrix_free (regW1);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
