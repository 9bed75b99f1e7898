/* backward.c -- two-layer net, backward pass in chunks of CH rows.
 * Memory: only CH-row views of the (N, *) matrices are touched per step. */

#include "backprop.h"
#include <gsl/gsl_blas.h>

#define CH 2

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t start, i, j;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  /* clear everything so no old values are left over */
  gsl_matrix_set_zero (g->dz2);
  gsl_matrix_set_zero (g->dp1);
  gsl_matrix_set_zero (g->dz1);
  gsl_vector_set_zero (g->dtheta);

  /* reg part first: dW = 2 reg W */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);

  /* go over the batch, CH rows at a time */
  for (start = 0; start + CH <= N; start += CH)
    {
      gsl_matrix_const_view xc = gsl_matrix_const_submatrix (X, start, 0, CH, D);
      gsl_matrix_const_view pc = gsl_matrix_const_submatrix (cache->prob, start, 0, CH, C);
      gsl_matrix_const_view hc = gsl_matrix_const_submatrix (cache->p1, start, 0, CH, H);
      gsl_matrix_const_view zc = gsl_matrix_const_submatrix (cache->z1, start, 0, CH, H);
      gsl_matrix_view dz2 = gsl_matrix_submatrix (g->dz2, start, 0, CH, C);
      gsl_matrix_view dp1 = gsl_matrix_submatrix (g->dp1, start, 0, CH, H);
      gsl_matrix_view dz1 = gsl_matrix_submatrix (g->dz1, start, 0, CH, H);

      /* softmax + cross entropy */
      for (i = 0; i < CH; i++)
        for (j = 0; j < C; j++)
          gsl_matrix_set (&dz2.matrix, i, j,
                          (gsl_matrix_get (&pc.matrix, i, j)
                           - (j == y[start + i])) / (double) N);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &hc.matrix, &dz2.matrix,
                      1.0, g->dW2);
      for (i = 0; i < CH; i++)
        for (j = 0; j < C; j++)
          *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (&dz2.matrix, i, j);

      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, &dz2.matrix, net->W2,
                      0.0, &dp1.matrix);

      /* relu backward */
      for (i = 0; i < CH; i++)
        for (j = 0; j < H; j++)
          gsl_matrix_set (&dz1.matrix, i, j,
                          gsl_matrix_get (&zc.matrix, i, j) > 0.0
                          ? gsl_matrix_get (&dp1.matrix, i, j) : 0.0);

      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, &xc.matrix, &dz1.matrix,
                      1.0, g->dW1);
      for (i = 0; i < CH; i++)
        for (j = 0; j < H; j++)
          *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (&dz1.matrix, i, j);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
