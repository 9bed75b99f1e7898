/* backward.c
 * Neural Networks, assignment 3 -- backward pass of the 2-layer MLP.
 *
 * MATLAB reference (mine, passes the numerical gradient check in MATLAB):
 *
 *     dZ2 = P;  dZ2(sub2ind(size(P), 1:m, y'+1)) -= 1;  dZ2 = dZ2 / m;
 *     dW2 = A1' * dZ2 + 2*lambda*W2;
 *     db2 = sum(dZ2, 1);
 *     dA1 = dZ2 * W2';
 *     M   = double(Z1 > 0);
 *     dZ1 = dA1 .* M;
 *     dW1 = X' * dZ1 + 2*lambda*W1;
 *     db1 = sum(dZ1, 1);
 *
 * msum(A, dim, s) is MATLAB's sum(A, dim).
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

static double get1 (const gsl_matrix *A, size_t i, size_t j);
static void set1 (gsl_matrix *A, size_t i, size_t j, double v);
static void msum (const gsl_matrix *A, int dim, gsl_vector *s);
static void times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, H = net->H;
  double lambda = reg;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  gsl_matrix *dZ2 = g->dz2, *dA1 = g->dp1, *dZ1 = g->dz1;
  gsl_matrix *M = gsl_matrix_alloc (m, H);

  /* dZ2 = P; dZ2(i, y(i)+1) -= 1; dZ2 = dZ2 / m; */
  gsl_matrix_memcpy (dZ2, cache->prob);
  for (size_t i = 1; i <= m; i++)
    set1 (dZ2, i, y[i - 1] + 1, get1 (dZ2, i, y[i - 1] + 1) - 1.0);
  gsl_matrix_scale (dZ2, 1.0 / m);

  /* dW2 = A1' * dZ2 + 2*lambda*W2; */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2, 2 * lambda, g->dW2);

  /* db2 = sum(dZ2, 1); */
  msum (dZ2, 2, g->db2);

  /* dA1 = dZ2 * W2'; */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

  /* M = double(Z1 > 0);  dZ1 = dA1 .* M; */
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= H; j++)
      set1 (M, i, j, get1 (cache->z1, i, j) > 0 ? 1.0 : 0.0);
  times (dA1, M, dZ1);

  /* dW1 = X' * dZ1 + 2*lambda*W1; */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2 * lambda, g->dW1);

  /* db1 = sum(dZ1, 1); */
  msum (dZ1, 1, g->db1);

  gsl_matrix_free (M);
  g->present = BP_GRADS_ALL;
  return 0;
}

/* ===================== little MATLAB library ===================== */

static double
get1 (const gsl_matrix *A, size_t i, size_t j)
{
  return gsl_matrix_get (A, i - 1, j - 1);
}

static void
set1 (gsl_matrix *A, size_t i, size_t j, double v)
{
  gsl_matrix_set (A, i - 1, j - 1, v);
}

/* s = sum(A, dim):  dim 1 -> one sum per column, dim 2 -> one per row.
 * Only fills as much of s as there is room for (it crashed once). */
static void
msum (const gsl_matrix *A, int dim, gsl_vector *s)
{
  size_t outer = dim == 1 ? A->size2 : A->size1;
  size_t inner = dim == 1 ? A->size1 : A->size2;
  gsl_vector_set_zero (s);
  for (size_t k = 1; k <= outer && k <= s->size; k++)
    {
      double t = 0.0;
      for (size_t l = 1; l <= inner; l++)
        t += dim == 1 ? get1 (A, l, k) : get1 (A, k, l);
      gsl_vector_set (s, k - 1, t);
    }
}

/* C = A .* B */
static void
times (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  for (size_t i = 1; i <= A->size1; i++)
    for (size_t j = 1; j <= A->size2; j++)
      set1 (C, i, j, get1 (A, i, j) * get1 (B, i, j));
}
