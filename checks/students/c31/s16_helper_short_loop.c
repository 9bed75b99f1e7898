/* backward.c - two layer net
 * my own little matrix helpers because I could not get dgemm's Trans
 * flags right
 */
#include "backprop.h"
#include <stdio.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T B  (A is n x p, B is n x q, out is p x q) */
static void
matTmul (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, k;
  double s;
  for (r = 0; r < A->size2; r++)
    for (c = 0; c < B->size2; c++) {
      s = 0;
      for (k = 0; k < A->size1 - 1; k++)
        s += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
      gsl_matrix_set (out, r, c, s);
    }
}

/* out = A B^T  (A is n x q, B is p x q, out is n x p) */
static void
matmulT (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, k;
  double s;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < B->size1; c++) {
      s = 0;
      for (k = 0; k < A->size2; k++)
        s += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
      gsl_matrix_set (out, r, c, s);
    }
}

/* column sums */
static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double s = 0;
    for (i = 0; i < A->size1; i++)
      s += gsl_matrix_get (A, i, j);
    gsl_vector_set (v, j, s);
  }
}

/* W += 2 reg W0 */
static void
add_reg (gsl_matrix *dW, const gsl_matrix *W0, double reg)
{
  size_t i, j;
  for (i = 0; i < dW->size1; i++)
    for (j = 0; j < dW->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + 2 * reg * gsl_matrix_get (W0, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  double tmp;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  matTmul (cache->p1, g->dz2, g->dW2);
  add_reg (g->dW2, net->W2, reg);
  colsum (g->dz2, g->db2);

  /* dp1 */
  matmulT (g->dz2, net->W2, g->dp1);

  /* dz1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++) {
      tmp = gsl_matrix_get (g->dp1, i, j);
      //if (gsl_matrix_get (cache->z1, i, j) < 0) tmp = 0;
      if (gsl_matrix_get (cache->z1, i, j) <= 0) tmp = 0;
      gsl_matrix_set (g->dz1, i, j, tmp);
    }

  /* dW1, db1 */
  matTmul (X, g->dz1, g->dW1);
  add_reg (g->dW1, net->W1, reg);
  colsum (g->dz1, g->db1);

  //printf ("%f\n", gsl_matrix_get (g->dW1, 0, 0));
  g->present = BP_GRADS_ALL;
  return 0;
}
