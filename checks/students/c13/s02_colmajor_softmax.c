/*
 * backward.c  --  Assignment 2, two layer net, backward pass
 * Student: (me)
 *
 * In MATLAB I always keep one example per COLUMN, so the first thing I do
 * is transpose everything into that layout (gsl_matrix_transpose_memcpy),
 * do the math like my prototype backprop2.m, and transpose back at the end.
 * I also recompute the softmax from the scores myself (with the max
 * trick) instead of trusting cache->prob, my .m file did it like that.
 *
 *   S  = Z2t;                       % C x m
 *   S  = S - max(S);                % max of each column
 *   P  = exp(S) ./ sum(exp(S));     % softmax per column
 *   dZ2 = (P - Y) / m;              % C x m
 *   dW2 = (dZ2 * A1t')';            % H x C
 *   db2 = sum(dZ2, 2);
 *   dA1 = W2 * dZ2;                 % H x m
 *   dZ1 = dA1 .* (Z1t > 0);
 *   dW1 = (dZ1 * Xt')';  db1 = sum(dZ1, 2);
 */

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static gsl_matrix *tr (const gsl_matrix *A);
static void col_softmax (gsl_matrix *S);
static void row_sums (const gsl_matrix *A, gsl_vector *s);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t m = X->size1, H = net->H, C = net->C;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  /* MATLAB layout: one column per example */
  gsl_matrix *Xt  = tr (X);            /* D x m */
  gsl_matrix *A1t = tr (cache->p1);    /* H x m */
  gsl_matrix *Z1t = tr (cache->z1);    /* H x m */
  gsl_matrix *P   = tr (cache->z2);    /* C x m, scores for now */

  col_softmax (P);                     /* now probabilities */

  /* dZ2 = (P - Y) / m, Y(y(j)+1, j) = 1 in MATLAB, here row y[j] */
  gsl_matrix *dZ2 = gsl_matrix_alloc (C, m);
  gsl_matrix_memcpy (dZ2, P);
  for (size_t j = 0; j < m; j++)
    gsl_matrix_set (dZ2, y[j], j, gsl_matrix_get (dZ2, y[j], j) - 1.0);
  gsl_matrix_scale (dZ2, 1.0 / (double) m);

  /* dW2 = (dZ2 * A1t')' , computed straight as A1t * dZ2' which is the
   * same thing, then the weight decay 2*reg*W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, A1t, dZ2, 2.0 * reg, g->dW2);

  /* db2 = sum(dZ2, 2) */
  row_sums (dZ2, g->db2);

  /* dA1 = W2 * dZ2 (H x m) */
  gsl_matrix *dA1 = gsl_matrix_alloc (H, m);
  gsl_blas_dgemm (CblasNoTrans, CblasNoTrans, 1.0, net->W2, dZ2, 0.0, dA1);

  /* dZ1 = dA1 .* (Z1t > 0), column by column with vector views */
  gsl_matrix *dZ1 = gsl_matrix_alloc (H, m);
  for (size_t j = 0; j < m; j++)
    {
      gsl_vector_view dst = gsl_matrix_column (dZ1, j);
      gsl_vector_const_view src = gsl_matrix_const_column (dA1, j);
      gsl_vector_const_view z = gsl_matrix_const_column (Z1t, j);
      for (size_t i = 0; i < H; i++)
        gsl_vector_set (&dst.vector, i,
                        gsl_vector_get (&z.vector, i) > 0.0
                        ? gsl_vector_get (&src.vector, i) : 0.0);
    }

  /* dW1 = Xt * dZ1' + 2*reg*W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, Xt, dZ1, 2.0 * reg, g->dW1);
  row_sums (dZ1, g->db1);

  /* back to the row-per-example layout the checker wants */
  gsl_matrix_transpose_memcpy (g->dz2, dZ2);
  gsl_matrix_transpose_memcpy (g->dp1, dA1);
  gsl_matrix_transpose_memcpy (g->dz1, dZ1);

  gsl_matrix_free (Xt);
  gsl_matrix_free (A1t);
  gsl_matrix_free (Z1t);
  gsl_matrix_free (P);
  gsl_matrix_free (dZ2);
  gsl_matrix_free (dA1);
  gsl_matrix_free (dZ1);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* ---------------- helpers ---------------- */

/* B = A' (new matrix) */
static gsl_matrix *
tr (const gsl_matrix *A)
{
  gsl_matrix *B = gsl_matrix_alloc (A->size2, A->size1);
  gsl_matrix_transpose_memcpy (B, A);
  return B;
}

/* S = exp(S - max(S)) ./ sum(exp(S - max(S)))  -- per column */
static void
col_softmax (gsl_matrix *S)
{
  for (size_t j = 0; j < S->size2; j++)
    {
      gsl_vector_view c = gsl_matrix_column (S, j);
      double mx = gsl_vector_max (&c.vector);
      double tot = 0.0;
      for (size_t i = 0; i < c.vector.size; i++)
        {
          double e = exp (gsl_vector_get (&c.vector, i) - mx);
          gsl_vector_set (&c.vector, i, e);
          tot += e;
        }
      gsl_vector_scale (&c.vector, 1.0 / tot);
    }
}

/* s = sum(A, 2) */
static void
row_sums (const gsl_matrix *A, gsl_vector *s)
{
  for (size_t i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      double t = 0.0;
      for (size_t j = 0; j < A->size2; j++)
        t += gsl_vector_get (&r.vector, j);
      gsl_vector_set (s, i, t);
    }
}
