/* backward.c  --  2-layer net backprop, HW2 Q5
 *
 * To make the C look like my MATLAB I define one macro per matrix, so
 * dZ2(i,j) reads and writes element (i,j), 1-based, exactly like MATLAB.
 *
 *   dZ2 = (P - Y) / m;
 *   dW2 = A1' * dZ2 + 2 * lambda * W2;
 *   db2 = sum_cols(dZ2);
 *   dA1 = dZ2 * W2';
 *   dZ1 = dA1 .* (Z1 > 0);
 *   dW1 = X' * dZ1 + 2 * lambda * W1;
 *   db1 = sum_cols(dZ1);
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define P(i, j)   (P->data[((i) - 1) * P->tda + (j) - 1])
#define Y(i, j)   (Y->data[((i) - 1) * Y->tda + (j) - 1])
#define Z1(i, j)  (Z1->data[((i) - 1) * Z1->tda + (j) - 1])
#define dZ2(i, j) (dZ2->data[((i) - 1) * dZ2->tda + (j) - 1])
#define dA1(i, j) (dA1->data[((i) - 1) * dA1->tda + (j) - 1])
#define dZ1(i, j) (dZ1->data[((i) - 1) * dZ1->tda + (j) - 1])

/* s = sum over the m examples of each column of A (the batch average) */
static void
sum_cols (const gsl_matrix *A, gsl_vector *s)
{
  size_t m = A->size1;
  for (size_t j = 1; j <= A->size2; j++)
    {
      double acc = 0.0;
      for (size_t i = 1; i <= m; i++)
        acc += gsl_matrix_get (A, i - 1, j - 1);
      gsl_vector_set (s, j - 1, acc / m);
    }
}

/* C = C + k * B */
static void
plus_scaled (gsl_matrix *C, double k, const gsl_matrix *B)
{
  for (size_t i = 0; i < C->size1; i++)
    for (size_t j = 0; j < C->size2; j++)
      gsl_matrix_set (C, i, j, gsl_matrix_get (C, i, j) + k * gsl_matrix_get (B, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t m = X->size1, H = net->H, C = net->C;
  double lambda = reg;

  if (m != cache->N || X->size2 != net->D || g->N != m)
    return 1;

  const gsl_matrix *P = cache->prob;
  const gsl_matrix *Z1 = cache->z1;
  gsl_matrix *Y = gsl_matrix_calloc (m, C);
  gsl_matrix *dZ2 = g->dz2, *dA1 = g->dp1, *dZ1 = g->dz1;

  for (size_t i = 1; i <= m; i++)
    Y (i, y[i - 1] + 1) = 1.0;

  /* dZ2 = (P - Y) / m; */
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= C; j++)
      dZ2 (i, j) = (P (i, j) - Y (i, j)) / m;

  /* dW2 = A1' * dZ2 + 2 * lambda * W2; */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2, 0.0, g->dW2);
  plus_scaled (g->dW2, 2 * lambda, net->W2);

  /* db2 = sum_cols(dZ2); */
  sum_cols (dZ2, g->db2);

  /* dA1 = dZ2 * W2'; */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ2, net->W2, 0.0, dA1);

  /* dZ1 = dA1 .* (Z1 > 0); */
  for (size_t i = 1; i <= m; i++)
    for (size_t j = 1; j <= H; j++)
      dZ1 (i, j) = Z1 (i, j) > 0 ? dA1 (i, j) : 0.0;

  /* dW1 = X' * dZ1 + 2 * lambda * W1; */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dZ1, 0.0, g->dW1);
  plus_scaled (g->dW1, 2 * lambda, net->W1);

  /* db1 = sum_cols(dZ1); */
  sum_cols (dZ1, g->db1);

  gsl_matrix_free (Y);
  g->present = BP_GRADS_ALL;
  return 0;
}
