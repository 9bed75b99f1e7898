/* backward.c -- Lab 5, two layer net
 *
 * shapes: dz2 (N,C) dW2 (H,C) db2 (C) dp1 (N,H) dz1 (N,H) dW1 (D,H) db1 (H)
 * I use column views for the bias gradients.
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
  size_t i, j;
  gsl_matrix *relu_mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  relu_mask = gsl_matrix_calloc (N, net->H);

  /* ===== 1. dz2 ===== */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* ===== 2. dW2 ===== */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  /* ===== 3. db2 ===== */
  for (j = 0; j < net->C; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz2, j);
      double s = 0.0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db2, j, s);
    }

  /* ===== 4. dp1 ===== */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* ===== 5. dz1 ===== */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (relu_mask, i, j, 1.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, relu_mask);

  /* ===== 6. dW1 ===== */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* ===== 7. db1 ===== */
  for (j = 0; j < net->H; j++)
    {
      gsl_vector_const_view col = gsl_matrix_const_column (g->dz1, j);
      double s = 0.0;
      for (i = 1; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (g->db1, j, s);
    }

  g->present = BP_GRADS_ALL;
  gsl_matrix_free (relu_mask);
  return 0;
}
