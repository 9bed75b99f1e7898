// backward.c -- lab 4, backprop through the 2-layer net
//
// Translated from my working Octave file lab4_backward.m.  I wrote little
// helpers for the Octave operators I use (ones, repmat, .*, -, ==) so each
// C block is one Octave line.  Octave line is in the comment above each block.

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

// ---------- Octave-ish helpers ----------

// ones(n, 1)
static gsl_vector *ones (size_t n)
{
  gsl_vector *v = gsl_vector_alloc (n);
  gsl_vector_set_all (v, 1.0);
  return v;
}

// R = repmat(v', m, 1)   (v becomes every row of R)
static void repmat_row (const gsl_vector *v, gsl_matrix *R)
{
  for (size_t i = 1; i <= R->size1; i++)
    {
      gsl_vector_view r = gsl_matrix_row (R, i - 1);
      gsl_vector_memcpy (&r.vector, v);
    }
}

// C = A .* B
static void times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_matrix_memcpy (C, A);
  gsl_matrix_mul_elements (C, B);
}

// C = A - B
static void minus (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  gsl_matrix_memcpy (C, A);
  gsl_matrix_sub (C, B);
}

// M = (A ~= 0)
static void nonzero (const gsl_matrix *A, gsl_matrix *M)
{
  for (size_t i = 1; i <= A->size1; i++)
    for (size_t j = 1; j <= A->size2; j++)
      gsl_matrix_set (M, i - 1, j - 1,
                      gsl_matrix_get (A, i - 1, j - 1) != 0.0 ? 1.0 : 0.0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, H = net->H, C = net->C;
  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  gsl_matrix *Y    = gsl_matrix_alloc (m, C);
  gsl_matrix *cls  = gsl_matrix_alloc (m, C);
  gsl_matrix *M    = gsl_matrix_alloc (m, H);
  gsl_matrix *dA1t = gsl_matrix_alloc (H, m);
  gsl_vector *e    = ones (m);
  gsl_vector *k    = gsl_vector_alloc (C);

  // cls = repmat(1:C, m, 1);  Y = (cls == y + 1);
  for (size_t j = 1; j <= C; j++)
    gsl_vector_set (k, j - 1, (double) j);
  repmat_row (k, cls);
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= C; j++)
      gsl_matrix_set (Y, i - 1, j - 1,
                      gsl_matrix_get (cls, i - 1, j - 1) == (double) (y[i - 1] + 1));

  // dZ2 = (P - Y) / m;
  minus (cache->prob, Y, g->dz2);
  gsl_matrix_scale (g->dz2, 1.0 / m);

  // dW2 = 2*reg*W2 + A1' * dZ2;
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  // db2 = (ones(1, m) * dZ2)';
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, e, 0.0, g->db2);

  // dA1 = (W2 * dZ2')';    (I had it this way round in Octave)
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, net->W2, g->dz2, 0.0, dA1t);
  gsl_matrix_transpose_memcpy (g->dp1, dA1t);

  // M = (A1 ~= 0);  dZ1 = dA1 .* M;
  nonzero (cache->p1, M);
  times (g->dp1, M, g->dz1);

  // dW1 = 2*reg*W1 + X' * dZ1;
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  // db1 = (ones(1, m) * dZ1)';
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, e, 0.0, g->db1);

  gsl_matrix_free (Y);
  gsl_matrix_free (cls);
  gsl_matrix_free (M);
  gsl_matrix_free (dA1t);
  gsl_vector_free (e);
  gsl_vector_free (k);

  g->present = BP_GRADS_ALL;
  return 0;
}
