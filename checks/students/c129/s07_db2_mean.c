/* backward.c -- HW3 (Marco R.)
 * Row views for dz2; helpers for the products and the sums. */

#include <gsl/gsl_vector.h>
#include <gsl/gsl_errno.h>
#include "backprop.h"

/* ---- Provided helpers (tested; do not modify) ----------------------
 * Each checks the shapes and returns GSL_EBADLEN, leaving its output
 * untouched, if they do not fit; 0 otherwise. */

/* mat_mul_tn (A, B, C):  C = A^T B.
 *   A (K, M), B (K, P), C (M, P).  C is OVERWRITTEN (not added to). */
int
mat_mul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  if (A->size1 != B->size1 || C->size1 != A->size2 || C->size2 != B->size2)
    return GSL_EBADLEN;
  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++) {
      double s = 0.0;
      for (k = 0; k < A->size1; k++)
        s += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
      gsl_matrix_set (C, i, j, s);
    }
  return 0;
}

/* mat_mul_nt (A, B, C):  C = A B^T.
 *   A (M, K), B (P, K), C (M, P).  C is OVERWRITTEN. */
int
mat_mul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  if (A->size2 != B->size2 || C->size1 != A->size1 || C->size2 != B->size1)
    return GSL_EBADLEN;
  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++) {
      double s = 0.0;
      for (k = 0; k < A->size2; k++)
        s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
      gsl_matrix_set (C, i, j, s);
    }
  return 0;
}

/* col_sums (A, s):  s[j] = sum over i of A[i][j], the sum of each column.
 *   A (N, M), s (M).  s is OVERWRITTEN. */
int
col_sums (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  if (s->size != A->size2)
    return GSL_EBADLEN;
  for (j = 0; j < A->size2; j++) {
    double t = 0.0;
    for (i = 0; i < A->size1; i++)
      t += gsl_matrix_get (A, i, j);
    gsl_vector_set (s, j, t);
  }
  return 0;
}

/* relu_mask_inplace (D, Z):  D[i][j] = 0 wherever Z[i][j] <= 0, the rest
 * of D left as it is: the ReLU backward when D holds the gradient coming
 * in and Z the ReLU's input.   D, Z (N, M); D is changed in place. */
int
relu_mask_inplace (gsl_matrix *D, const gsl_matrix *Z)
{
  size_t i, j;
  if (D->size1 != Z->size1 || D->size2 != Z->size2)
    return GSL_EBADLEN;
  for (i = 0; i < D->size1; i++)
    for (j = 0; j < D->size2; j++)
      if (gsl_matrix_get (Z, i, j) <= 0.0)
        gsl_matrix_set (D, i, j, 0.0);
  return 0;
}

/* ------------------------ your code below ---------------------------- */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;
  gsl_matrix *regterm;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2: each row is prob_i - e_{y_i}, over N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++) {
    gsl_vector_view row = gsl_matrix_row (g->dz2, i);
    gsl_vector_set (&row.vector, y[i], gsl_vector_get (&row.vector, y[i]) - 1.0);
    gsl_vector_scale (&row.vector, 1.0 / (double) N);
  }

  /* 2. dW2 */
  regterm = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (regterm, net->W2);
  gsl_matrix_scale (regterm, 2.0 * reg);
  mat_mul_tn (cache->p1, g->dz2, g->dW2);
  gsl_matrix_add (g->dW2, regterm);
  gsl_matrix_free (regterm);

  /* 3. db2 = mean over the batch of dz2 */
  col_sums (g->dz2, g->db2);
  gsl_vector_scale (g->db2, 1.0 / (double) N);

  /* 4. dp1 */
  mat_mul_nt (g->dz2, net->W2, g->dp1);

  /* 5. dz1 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  relu_mask_inplace (g->dz1, cache->z1);

  /* 6. dW1 */
  regterm = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (regterm, net->W1);
  gsl_matrix_scale (regterm, 2.0 * reg);
  mat_mul_tn (X, g->dz1, g->dW1);
  gsl_matrix_add (g->dW1, regterm);
  gsl_matrix_free (regterm);

  /* 7. db1 */
  col_sums (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
