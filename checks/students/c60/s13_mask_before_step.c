/* backward.c -- backprop for the 2-layer net
 *
 * MATLAB version I am translating:
 *   dZ2 = (P - Y)/N;
 *   dW2 = A1'*dZ2 + 2*reg*W2;   db2 = sum(dZ2,1);
 *   dA1 = dZ2*W2';
 *   dZ1 = dA1 .* (Z1 > 0);
 *   dW1 = X'*dZ1 + 2*reg*W1;    db1 = sum(dZ1,1);
 * Helpers return new matrices; step() works in place.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *
transpose (const gsl_matrix *A)
{
  gsl_matrix *T = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (T, A);
  return T;
}

static gsl_matrix *
mtimes (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *P = gsl_matrix_alloc (A->size1, B->size2);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, P);
  return P;
}

static gsl_matrix *
elem_mul (const gsl_matrix *A, const gsl_matrix *B)
{
  gsl_matrix *P = gsl_matrix_alloc (A->size1, A->size2);
  gsl_matrix_memcpy (P, A);
  gsl_matrix_mul_elements (P, B);
  return P;
}

/* A = (A > 0), in place */
static void
step (gsl_matrix *A)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    for (i = 0; i < A->size1; i++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) > 0.0 ? 1.0 : 0.0);
}

/* v = sum(A,1) */
static void
sum_cols (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  gsl_vector_set_zero (v);
  for (j = 0; j < A->size2; j++)
    for (i = 0; i < A->size1; i++)
      gsl_vector_set (v, j, gsl_vector_get (v, j) + gsl_matrix_get (A, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i;
  gsl_matrix *Y, *dZ2, *A1t, *dW2, *W2t, *dA1, *M, *dZ1, *Xt, *dW1, *R;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dZ2 = (P - Y)/N */
  Y = gsl_matrix_calloc (N, C);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Y, i, y[i], 1.0);
  dZ2 = gsl_matrix_alloc (N, C);
  gsl_matrix_memcpy (dZ2, cache->prob);
  gsl_matrix_sub (dZ2, Y);
  gsl_matrix_scale (dZ2, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, dZ2);

  /* dW2 = A1'*dZ2 + 2*reg*W2 */
  A1t = transpose (cache->p1);
  dW2 = mtimes (A1t, dZ2);
  R = gsl_matrix_alloc (net->H, C);
  gsl_matrix_memcpy (R, net->W2);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (dW2, R);
  gsl_matrix_free (R);
  gsl_matrix_memcpy (g->dW2, dW2);

  /* db2 = sum(dZ2,1) */
  sum_cols (dZ2, g->db2);

  /* dA1 = dZ2*W2' */
  W2t = transpose (net->W2);
  dA1 = mtimes (dZ2, W2t);
  gsl_matrix_memcpy (g->dp1, dA1);

  /* dZ1 = dA1 .* (Z1 > 0) */
  M = gsl_matrix_alloc (N, H);
  gsl_matrix_memcpy (M, cache->z1);
  dZ1 = elem_mul (dA1, M);
  step (M);
  gsl_matrix_memcpy (g->dz1, dZ1);

  /* dW1 = X'*dZ1 + 2*reg*W1 */
  Xt = transpose (X);
  dW1 = mtimes (Xt, dZ1);
  R = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (R, net->W1);
  gsl_matrix_scale (R, 2.0 * reg);
  gsl_matrix_add (dW1, R);
  gsl_matrix_free (R);
  gsl_matrix_memcpy (g->dW1, dW1);

  /* db1 = sum(dZ1,1) */
  sum_cols (dZ1, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (dZ2);
  gsl_matrix_free (A1t);
  gsl_matrix_free (dW2);
  gsl_matrix_free (W2t);
  gsl_matrix_free (dA1);
  gsl_matrix_free (M);
  gsl_matrix_free (dZ1);
  gsl_matrix_free (Xt);
  gsl_matrix_free (dW1);

  g->present = BP_GRADS_ALL;
  return 0;
}
