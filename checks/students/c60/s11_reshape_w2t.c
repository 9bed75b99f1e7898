/* backward.c -- two layer net
 *
 * GSL stores by rows, so an H x C matrix in GSL has exactly the memory
 * of a C x H matrix in Fortran/MATLAB order.  I use that for W2' instead
 * of a transpose loop.
 */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, n, h;
  gsl_matrix *A1t, *Xt, *W2t, *dA1, *dZ1, *colsum;
  gsl_matrix *onesrow;
  gsl_vector_view r;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  A1t = gsl_matrix_alloc (H, N);
  Xt = gsl_matrix_alloc (D, N);
  W2t = gsl_matrix_alloc (C, H);
  dA1 = gsl_matrix_alloc (N, H);
  dZ1 = gsl_matrix_alloc (N, H);
  onesrow = gsl_matrix_alloc (1, N);
  gsl_matrix_set_all (onesrow, 1.0);

  /* dZ2 = (P - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = A1' dZ2 + 2 reg W2 */
  gsl_matrix_transpose_memcpy (A1t, cache->p1);
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A1t, g->dz2, 2.0 * reg, g->dW2);

  /* db2 = ones(1,N) dZ2 */
  colsum = gsl_matrix_alloc (1, C);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, onesrow, g->dz2, 0.0, colsum);
  r = gsl_matrix_row (colsum, 0);
  gsl_vector_memcpy (g->db2, &r.vector);
  gsl_matrix_free (colsum);

  /* dA1 = dZ2 W2' */
  memcpy (W2t->data, net->W2->data, H * C * sizeof (double));
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2t, 0.0, dA1);
  gsl_matrix_memcpy (g->dp1, dA1);

  /* dZ1 = dA1 .* (Z1 > 0) */
  gsl_matrix_memcpy (dZ1, dA1);
  for (h = 0; h < H; h++)
    for (n = 0; n < N; n++)
      if (gsl_matrix_get (cache->z1, n, h) <= 0.0)
        gsl_matrix_set (dZ1, n, h, 0.0);
  gsl_matrix_memcpy (g->dz1, dZ1);

  /* dW1 = X' dZ1 + 2 reg W1 */
  gsl_matrix_transpose_memcpy (Xt, X);
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, Xt, dZ1, 2.0 * reg, g->dW1);

  /* db1 = ones(1,N) dZ1 */
  colsum = gsl_matrix_alloc (1, H);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, onesrow, dZ1, 0.0, colsum);
  r = gsl_matrix_row (colsum, 0);
  gsl_vector_memcpy (g->db1, &r.vector);
  gsl_matrix_free (colsum);

  gsl_matrix_free (A1t);
  gsl_matrix_free (Xt);
  gsl_matrix_free (W2t);
  gsl_matrix_free (dA1);
  gsl_matrix_free (dZ1);
  gsl_matrix_free (onesrow);

  g->present = BP_GRADS_ALL;
  return 0;
}
