/* backward pass, done with loops over ->data (faster than get/set)
 * M(A,i,j) is entry (i,j) of a gsl matrix, respecting tda */

#include <stdlib.h>
#include "backprop.h"

#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B, A is (K,M), B is (K,P), C is (M,P) */
static void
mult_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t k, m, p;
  gsl_matrix_set_zero (C);
  for (k = 0; k < A->size1; k++)
    for (m = 0; m < A->size2; m++)
      for (p = 0; p < B->size2; p++)
        M (C, m, p) += M (A, k, m) * M (B, k, p);
}

/* dW += 2 reg W */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      M (dW, i, j) += 2 * reg * M (W, i, j);
}

/* column sums of A into v */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  gsl_vector_set_zero (v);
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      v->data[j * v->stride] += M (A, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_matrix *dsc, *dh;

  dsc = gsl_matrix_alloc (N, C);
  dh = gsl_matrix_alloc (N, H);

  /* dscores */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      M (dsc, i, j) = (M (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N;
  gsl_matrix_memcpy (g->dz2, dsc);

  mult_AtB (cache->p1, dsc, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  colsum (dsc, g->db2);

  /* dh = dsc W2^T : dh[i][j] = sum_k dsc[i][k] W2[j][k] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double acc = 0;
        for (k = 0; k < C; k++)
          acc += M (dsc, i, k) * M (net->W2, j, k);
        M (dh, i, j) = acc;
      }
  gsl_matrix_memcpy (g->dp1, dh);

  /* backprop the relu, in place */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (M (cache->z1, i, j) <= 0)
        M (dh, i, j) = 0;
  gsl_matrix_memcpy (g->dz1, dh);

  mult_AtB (X, dh, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  colsum (dh, g->db1);

  gsl_matrix_free (dsc);
  gsl_matrix_free (dh);
  g->present = BP_GRADS_ALL;
  return 0;
}
