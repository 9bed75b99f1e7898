/* backward.c -- two layer net, backward.   (hw5)
 *
 * Port of my softmax_backprop.m.  I don't use cache->prob, I recompute the
 * probabilities from the scores the way the lecture showed (subtract the
 * max first so exp doesn't overflow).
 *
 * helpers are at the bottom.  Index macros are 1-based:  M(i,j) is M(i,j)
 * in MATLAB.
 */

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define AT(M, i, j) ((M)->data[((i) - 1) * (M)->tda + (j) - 1])
#define VAT(v, i)   ((v)->data[((i) - 1) * (v)->stride])

static void sum_cols (const gsl_matrix *A, gsl_vector *s);
static void sum_rows (const gsl_matrix *A, gsl_vector *s);
static void repmat_row (const gsl_vector *v, gsl_matrix *R);
static void times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  gsl_matrix *E   = gsl_matrix_alloc (m, C);
  gsl_matrix *Den = gsl_matrix_alloc (m, C);
  gsl_matrix *P   = gsl_matrix_alloc (m, C);
  gsl_matrix *M   = gsl_matrix_alloc (m, H);
  gsl_vector *s   = gsl_vector_alloc (C);

  /* S = Z2 - max(Z2, [], 2);  E = exp(S); */
  for (i = 1; i <= m; i++)
    {
      double mx = AT (cache->z2, i, 1);
      for (j = 2; j <= C; j++)
        if (AT (cache->z2, i, j) > mx)
          mx = AT (cache->z2, i, j);
      for (j = 1; j <= C; j++)
        AT (E, i, j) = exp (AT (cache->z2, i, j) - mx);
    }

  /* P = E ./ repmat(sum(E), m, 1); */
  sum_cols (E, s);
  repmat_row (s, Den);
  gsl_matrix_memcpy (P, E);
  gsl_matrix_div_elements (P, Den);

  /* dZ2 = (P - Y) / m;   Y(i, y(i)+1) = 1 */
  gsl_matrix_memcpy (g->dz2, P);
  for (i = 1; i <= m; i++)
    AT (g->dz2, i, y[i - 1] + 1) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / m);

  /* dW2 = A1' * dZ2 + 2*lambda*W2; */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* db2 = sum(dZ2)'; */
  sum_cols (g->dz2, g->db2);

  /* dA1 = dZ2 * W2'; */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dZ1 = dA1 .* (Z1 > 0); */
  for (i = 1; i <= m; i++)
    for (j = 1; j <= H; j++)
      AT (M, i, j) = AT (cache->z1, i, j) > 0 ? 1.0 : 0.0;
  times (g->dp1, M, g->dz1);

  /* dW1 = X' * dZ1 + 2*lambda*W1;  db1 = sum(dZ1)'; */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  sum_cols (g->dz1, g->db1);

  gsl_matrix_free (E);
  gsl_matrix_free (Den);
  gsl_matrix_free (P);
  gsl_matrix_free (M);
  gsl_vector_free (s);

  g->present = BP_GRADS_ALL;
  return 0;
}

/* ----------------------------------------------------------------- */

/* s = sum(A)'    (MATLAB sum down each column, one entry per column) */
static void
sum_cols (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (j = 1; j <= A->size2; j++)
    {
      double t = 0.0;
      for (i = 1; i <= A->size1; i++)
        t += AT (A, i, j);
      VAT (s, j) = t;
    }
}

/* s = sum(A, 2)  (one entry per row) -- not used any more */
static void
sum_rows (const gsl_matrix *A, gsl_vector *s)
{
  size_t i, j;
  for (i = 1; i <= A->size1; i++)
    {
      double t = 0.0;
      for (j = 1; j <= A->size2; j++)
        t += AT (A, i, j);
      VAT (s, i) = t;
    }
}

/* R = repmat(v', size(R,1), 1) */
static void
repmat_row (const gsl_vector *v, gsl_matrix *R)
{
  size_t i, j;
  for (i = 1; i <= R->size1; i++)
    for (j = 1; j <= R->size2; j++)
      AT (R, i, j) = VAT (v, j);
}

/* C = A .* B */
static void
times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j;
  for (i = 1; i <= A->size1; i++)
    for (j = 1; j <= A->size2; j++)
      AT (C, i, j) = AT (A, i, j) * AT (B, i, j);
}
