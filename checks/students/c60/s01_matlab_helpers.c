/* backward.c -- two-layer net, backward pass.
 * Written the way I would do it in MATLAB: every step is a whole-matrix
 * operation, the helpers below return new matrices (free them after!).
 *
 *   dZ2 = (P - Y) / N
 *   dW2 = A1' * dZ2 + 2*reg*W2      db2 = sum(dZ2, 1)
 *   dA1 = dZ2 * W2'
 *   dZ1 = dA1 .* (Z1 > 0)
 *   dW1 = X' * dZ1 + 2*reg*W1       db1 = sum(dZ1, 1)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* A' (new matrix) */
static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *T = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (T, A);
  return T;
}

/* A * B (new matrix), column by column like in Fortran */
static gsl_matrix *
mtimes (const gsl_matrix *A, const gsl_matrix *B)
{
  size_t i, j, k;
  gsl_matrix *C = gsl_matrix_calloc (A->size1, B->size2);
  for (j = 0; j < B->size2; j++)
    for (k = 0; k < A->size2; k++)
      {
        double b = gsl_matrix_get (B, k, j);
        for (i = 0; i < A->size1; i++)
          gsl_matrix_set (C, i, j, gsl_matrix_get (C, i, j)
                          + gsl_matrix_get (A, i, k) * b);
      }
  return C;
}

/* A .* B (new matrix) */
static gsl_matrix *
elem_mul (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *C = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (C, A);
  gsl_matrix_mul_elements (C, B);
  return C;
}

/* sum(A, 1): a 1 x M row of column sums (new matrix) */
static gsl_matrix *
sum_cols (const gsl_matrix *A)
{
  size_t i, j;
  gsl_matrix *s = gsl_matrix_calloc (1, A->size2);
  for (j = 0; j < A->size2; j++)
    for (i = 0; i < A->size1; i++)
      gsl_matrix_set (s, 0, j, gsl_matrix_get (s, 0, j) + gsl_matrix_get (A, i, j));
  return s;
}

/* Y(i, y(i)) = 1, N x C (new matrix) */
static gsl_matrix *
onehot (const size_t *y, size_t N, size_t C)
{
  size_t i;
  gsl_matrix *Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);
  return Y;
}

/* (Z > 0) as 0/1 (new matrix) */
static gsl_matrix *
positive (const gsl_matrix *Z)
{
  size_t i, j;
  gsl_matrix *M = gsl_matrix_calloc (Z->size1, Z->size2);
  for (j = 0; j < Z->size2; j++)
    for (i = 0; i < Z->size1; i++)
      if (gsl_matrix_get (Z, i, j) > 0.0)
        gsl_matrix_set (M, i, j, 1.0);
  return M;
}

/* copy a 1 x M row into a vector */
static void
row_to_vector (const gsl_matrix *r, gsl_vector *v)
{
  size_t j;
  for (j = 0; j < r->size2; j++)
    gsl_vector_set (v, j, gsl_matrix_get (r, 0, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  gsl_matrix *Y, *dZ2, *A1t, *dW2, *R2, *db2, *W2t, *dA1, *mask, *dZ1;
  gsl_matrix *Xt, *dW1, *R1, *db1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ2 = (P - Y) / N */
  Y = onehot (y, N, net->C);
  dZ2 = gsl_matrix_alloc (N, net->C);
  gsl_matrix_memcpy (dZ2, cache->prob);
  gsl_matrix_sub (dZ2, Y);
  gsl_matrix_scale (dZ2, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dZ2);

  /* dW2 = A1' * dZ2 + 2*reg*W2 */
  A1t = transpose (cache->p1);
  dW2 = mtimes (A1t, dZ2);
  R2 = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (R2, net->W2);
  gsl_matrix_scale (R2, 2.0 * reg);
  gsl_matrix_add (dW2, R2);
  gsl_matrix_memcpy (g->dW2, dW2);

  /* db2 = sum(dZ2, 1) */
  db2 = sum_cols (dZ2);
  row_to_vector (db2, g->db2);

  /* dA1 = dZ2 * W2' */
  W2t = transpose (net->W2);
  dA1 = mtimes (dZ2, W2t);
  gsl_matrix_memcpy (g->dp1, dA1);

  /* dZ1 = dA1 .* (Z1 > 0) */
  mask = positive (cache->z1);
  dZ1 = elem_mul (dA1, mask);
  gsl_matrix_memcpy (g->dz1, dZ1);

  /* dW1 = X' * dZ1 + 2*reg*W1 */
  Xt = transpose (X);
  dW1 = mtimes (Xt, dZ1);
  R1 = gsl_matrix_alloc (net->D, net->H);
  gsl_matrix_memcpy (R1, net->W1);
  gsl_matrix_scale (R1, 2.0 * reg);
  gsl_matrix_add (dW1, R1);
  gsl_matrix_memcpy (g->dW1, dW1);

  /* db1 = sum(dZ1, 1) */
  db1 = sum_cols (dZ1);
  row_to_vector (db1, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (dZ2);
  gsl_matrix_free (A1t);
  gsl_matrix_free (dW2);
  gsl_matrix_free (R2);
  gsl_matrix_free (db2);
  gsl_matrix_free (W2t);
  gsl_matrix_free (dA1);
  gsl_matrix_free (mask);
  gsl_matrix_free (dZ1);
  gsl_matrix_free (Xt);
  gsl_matrix_free (dW1);
  gsl_matrix_free (R1);
  gsl_matrix_free (db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
