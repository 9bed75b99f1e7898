/* backward.c -- explicit transposes (no Trans flags: I always get them
   backwards), mask matrix for the ReLU, bias sums by adding rows. */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include "backprop.h"

#define M(A, i, j) gsl_matrix_get ((A), (i), (j))
#define TRY(p) do { if ((p) == NULL) goto out; } while (0)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *A, gsl_vector *s)
{
  size_t i;
  gsl_vector_set_zero (s);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (s, &r.vector);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j;
  gsl_matrix *p1T = NULL, *W2T = NULL, *XT = NULL, *mask = NULL, *pen = NULL;
  int rc = 1;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;
  TRY (p1T = gsl_matrix_alloc (H, N));
  TRY (W2T = gsl_matrix_alloc (C, H));
  TRY (XT = gsl_matrix_alloc (D, N));
  TRY (mask = gsl_matrix_alloc (N, H));
  TRY (pen = gsl_matrix_alloc (D > H ? D : H, H > C ? H : C));

  /* scores */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], M (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* W2, b2 */
  gsl_matrix_transpose_memcpy (p1T, cache->p1);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, p1T, g->dz2, 0.0, g->dW2);
  {
    gsl_matrix_view P = gsl_matrix_submatrix (pen, 0, 0, H, C);
    gsl_matrix_memcpy (&P.matrix, net->W2);
    gsl_matrix_scale (&P.matrix, 2.0 * reg);
    gsl_matrix_add (g->dW2, &P.matrix);
  }
  colsum (g->dz2, g->db2);

  /* hidden */
  gsl_matrix_transpose_memcpy (W2T, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (mask, i, j, M (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, mask);

  /* W1, b1 */
  gsl_matrix_transpose_memcpy (XT, X);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, XT, g->dz1, 0.0, g->dW1);
  {
    gsl_matrix_view P = gsl_matrix_submatrix (pen, 0, 0, D, H);
    gsl_matrix_memcpy (&P.matrix, net->W1);
    gsl_matrix_scale (&P.matrix, 2.0 * reg);
    gsl_matrix_add (g->dW1, &P.matrix);
  }
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  rc = 0;
out:
  gsl_matrix_free (p1T);
  gsl_matrix_free (W2T);
  gsl_matrix_free (XT);
  gsl_matrix_free (mask);
  gsl_matrix_free (pen);
  return rc;
}
