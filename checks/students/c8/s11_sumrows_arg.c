#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

/*
 * Helpers I use everywhere in this assignment (copied from my hw2 as well).
 */

/* numpy: np.sum(A, axis=0) */
static void
sum_rows (const gsl_matrix *A, gsl_vector *out)
{
  size_t r;
  gsl_vector_set_zero (out);
  for (r = 0; r < A->size1; r++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (A, r);
      gsl_vector_add (out, &row.vector);
    }
}

/* numpy: np.eye(C)[y] */
static gsl_matrix *
one_hot (const size_t *y, size_t N, size_t C)
{
  size_t i;
  gsl_matrix *E = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (E, i, y[i], 1.0);
  return E;
}

/* numpy: (Z > 0).astype(float) */
static gsl_matrix *
positive_mask (const gsl_matrix *Z)
{
  size_t i, j;
  gsl_matrix *M = gsl_matrix_alloc (Z->size1, Z->size2);
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (Z, i, j) > 0.0 ? 1.0 : 0.0);
  return M;
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_matrix *E, *M, *R2, *R1;

  /* dz2 */
  E = one_hot (y, N, net->C);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, E);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  R2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (R2, net->W2);
  gsl_matrix_scale (R2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  gsl_matrix_add (g->dW2, R2);
  sum_rows (g->dz2, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 */
  M = positive_mask (cache->z1);
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, M);

  /* dW1, db1 */
  R1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (R1, net->W1);
  gsl_matrix_scale (R1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix_add (g->dW1, R1);
  sum_rows (g->dp1, g->db1);

  gsl_matrix_free (E);
  gsl_matrix_free (M);
  gsl_matrix_free (R2);
  gsl_matrix_free (R1);
  g->present = BP_GRADS_ALL;
  return 0;
}
