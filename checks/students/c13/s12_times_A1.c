/*****************************************************************
 * backward.c   Deep Learning course, PA1, part (c)
 *
 * MATLAB version (vectorised, works):
 *   Y   = full(sparse(1:m, y+1, 1, m, C));
 *   dZ2 = (P - Y) / m;
 *   dW2 = A1.' * dZ2 + 2*lambda*W2;     db2 = sum(dZ2, 1).';
 *   dA1 = dZ2 * W2.';
 *   dZ1 = dA1 .* (Z1 > 0);
 *   dW1 = X.' * dZ1 + 2*lambda*W1;      db1 = sum(dZ1, 1).';
 *
 * C helpers (bottom of file) copy the MATLAB operators one to one.
 *****************************************************************/

#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(M, i, j) (*gsl_matrix_ptr ((M), (i) - 1, (j) - 1))

static void onehot (const size_t *y, gsl_matrix *Y);
static void minus (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C);
static void times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C);
static void sum_cols (const gsl_matrix *A, gsl_vector *s);
static void mtimes_tn (const gsl_matrix *A, const gsl_matrix *B, double beta,
                       gsl_matrix *C);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t m = X->size1;
  const double lambda = reg;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  const gsl_matrix *A1 = cache->p1, *Z1 = cache->z1, *P = cache->prob;
  gsl_matrix *dZ2 = g->dz2, *dA1 = g->dp1, *dZ1 = g->dz1;
  gsl_matrix *Y = gsl_matrix_alloc (m, net->C);
  (void) Z1;

  /* Y = full(sparse(1:m, y+1, 1, m, C)); */
  onehot (y, Y);

  /* dZ2 = (P - Y) / m; */
  minus (P, Y, dZ2);
  gsl_matrix_scale (dZ2, 1.0 / m);

  /* dW2 = A1.' * dZ2 + 2*lambda*W2; */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2 * lambda);
  mtimes_tn (A1, dZ2, 1.0, g->dW2);

  /* db2 = sum(dZ2, 1).'; */
  sum_cols (dZ2, g->db2);

  /* dA1 = dZ2 * W2.'; */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

  /* dZ1 = dA1 .* (Z1 > 0); */
  times (dA1, A1, dZ1);

  /* dW1 = X.' * dZ1 + 2*lambda*W1; */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2 * lambda);
  mtimes_tn (X, dZ1, 1.0, g->dW1);

  /* db1 = sum(dZ1, 1).'; */
  sum_cols (dZ1, g->db1);

  /* printf ("dZ1(1,1) = %g\n", EL (dZ1, 1, 1)); */

  gsl_matrix_free (Y);
  g->present = BP_GRADS_ALL;
  return 0;
}

/* ------------------------- helpers ------------------------- */

static void
onehot (const size_t *y, gsl_matrix *Y)
{
  gsl_matrix_set_zero (Y);
  for (size_t i = 1; i <= Y->size1; i++)
    EL (Y, i, y[i - 1] + 1) = 1.0;
}

static void
minus (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  for (size_t i = 1; i <= A->size1; i++)
    for (size_t j = 1; j <= A->size2; j++)
      EL (C, i, j) = gsl_matrix_get (A, i - 1, j - 1) - gsl_matrix_get (B, i - 1, j - 1);
}

static void
times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  for (size_t i = 1; i <= A->size1; i++)
    for (size_t j = 1; j <= A->size2; j++)
      EL (C, i, j) = gsl_matrix_get (A, i - 1, j - 1) * gsl_matrix_get (B, i - 1, j - 1);
}

/* s = sum(A, 1).' */
static void
sum_cols (const gsl_matrix *A, gsl_vector *s)
{
  for (size_t j = 1; j <= A->size2; j++)
    {
      gsl_vector_const_view c = gsl_matrix_const_column (A, j - 1);
      double t = 0.0;
      for (size_t i = 0; i < c.vector.size; i++)
        t += gsl_vector_get (&c.vector, i);
      gsl_vector_set (s, j - 1, t);
    }
}

/* C = A.' * B + beta*C */
static void
mtimes_tn (const gsl_matrix *A, const gsl_matrix *B, double beta, gsl_matrix *C)
{
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A, B, beta, C);
}
