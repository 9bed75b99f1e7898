/* backward.c -- HW 3
 *
 *  dscores  (N,C)   probs - y, over N
 *  dhidden  (N,H)   dscores W2'
 *  dhid_m   (N,H)   dhidden with the relu mask applied
 *
 * All temporaries freed before returning.
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t D = net->D, H = net->H, C = net->C;
  size_t i, j;

  gsl_matrix *dscores = gsl_matrix_alloc (N, C);
  gsl_matrix *W2T     = gsl_matrix_alloc (C, H);
  gsl_matrix *p1T     = gsl_matrix_alloc (H, N);
  gsl_matrix *XT      = gsl_matrix_alloc (D, N);
  gsl_matrix *dhidden = gsl_matrix_alloc (N, H);
  gsl_matrix *dhid_m  = gsl_matrix_alloc (N, H);
  gsl_matrix *mask    = gsl_matrix_alloc (N, H);

  /* dscores */
  gsl_matrix_memcpy (dscores, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dscores, i, y[i], gsl_matrix_get (dscores, i, y[i]) - 1.0);
  gsl_matrix_scale (dscores, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dscores);

  /* dW2, db2 */
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, dscores, 2.0 * reg, g->dW2);
  for (j = 0; j < C; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (dscores, i, j);
      gsl_vector_set (g->db2, j, sum);
    }

  /* dhidden */
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, dscores, W2T, 0.0, dhidden);
  gsl_matrix_memcpy (g->dp1, dhidden);

  /* relu mask */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (dhid_m, dhidden);
  gsl_matrix_mul_elements (dhid_m, mask);
  gsl_matrix_memcpy (g->dz1, dhid_m);

  /* dW1, db1 */
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, dhidden, 2.0 * reg, g->dW1);
  for (j = 0; j < H; j++)
    {
      double sum = 0.0;
      for (i = 0; i < N; i++)
        sum += gsl_matrix_get (dhid_m, i, j);
      gsl_vector_set (g->db1, j, sum);
    }

  gsl_matrix_free (dscores);
  gsl_matrix_free (W2T);
  gsl_matrix_free (p1T);
  gsl_matrix_free (XT);
  gsl_matrix_free (dhidden);
  gsl_matrix_free (dhid_m);
  gsl_matrix_free (mask);

  g->present = BP_GRADS_ALL;
  return 0;
}
