/* backward.c
 *
 * Student: backward pass for the 2-layer net.
 * I transpose everything I need first, then do the products with dgemm
 * (NoTrans/NoTrans only, I could never remember which flag goes where).
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

  gsl_matrix *XT  = gsl_matrix_alloc (D, N);
  gsl_matrix *p1T = gsl_matrix_alloc (H, N);
  gsl_matrix *W2T = gsl_matrix_alloc (C, H);
  gsl_matrix *dH  = gsl_matrix_alloc (N, H);
  gsl_matrix *M   = gsl_matrix_alloc (N, H);
  gsl_matrix *R1  = gsl_matrix_alloc (D, H);
  gsl_matrix *R2  = gsl_matrix_alloc (H, C);

  /* transposes */
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_matrix_transpose_memcpy (p1T, cache->z1);
  gsl_matrix_transpose_memcpy (W2T, net->W2);

  /* reg terms 2*reg*W */
  gsl_matrix_memcpy (R1, net->W1);
  gsl_matrix_scale (R1, 2 * reg);
  gsl_matrix_memcpy (R2, net->W2);
  gsl_matrix_scale (R2, 2 * reg);

  /* dz2 */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (y[i] == j)) / N);

  /* dW2 and db2 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, R2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_vector_add (g->db2, &row.vector);
    }

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, dH);
  gsl_matrix_memcpy (g->dp1, dH);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0);
  gsl_matrix_mul_elements (dH, M);
  gsl_matrix_memcpy (g->dz1, dH);

  /* dW1 and db1 */
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, dH, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, R1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (dH, i);
      gsl_vector_add (g->db1, &row.vector);
    }

  gsl_matrix_free (XT);
  gsl_matrix_free (p1T);
  gsl_matrix_free (W2T);
  gsl_matrix_free (dH);
  gsl_matrix_free (M);
  gsl_matrix_free (R1);
  gsl_matrix_free (R2);

  g->present = BP_GRADS_ALL;
  return 0;
}
