/* backward.c -- HW4 (Numerical Linear Algebra for Learning)
 * Jonas Lindqvist
 *
 * All products in the "row-major friendly" orientation: dW2 is formed
 * as dW2^T = dz2^T p1 (C x H) in a contiguous scratch buffer and brought
 * back to H x C afterwards.  TODO: same trick for dW1 if it helps. */

#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
add_scaled (gsl_matrix *A, double s, const gsl_matrix *B)   /* A += s B */
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + s * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  gsl_matrix *tW2 = gsl_matrix_alloc (C, H);
  gsl_vector *one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t n = 0; n < N; n++)
    *gsl_matrix_ptr (g->dz2, n, y[n]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2^T = dz2^T p1  (C x H) */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, g->dz2, cache->p1, 0.0, tW2);
  /* back to H x C, then + 2 reg W2 */
  gsl_matrix_view back = gsl_matrix_view_array (tW2->data, H, C);
  gsl_matrix_memcpy (g->dW2, &back.matrix);
  add_scaled (g->dW2, 2.0 * reg, net->W2);

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 o 1[z1 > 0] */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0
                                    ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_scaled (g->dW1, 2.0 * reg, net->W1);

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_matrix_free (tW2);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
