/* backward.c, retake version 3 (v1 and v2 deleted)
 *
 * helpers:
 *   add_l2   -- adds the derivative of the weight penalty
 *   matmul_tn, matmul_nt -- the two products I need
 * I went back and forth on whether the penalty goes in before or after the
 * product.  It is a sum, so order does not matter. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW += 2 reg W */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      *gsl_matrix_ptr (dW, i, j) += 2.0 * reg * gsl_matrix_get (W, i, j);
}

/* out = A^T B */
static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t i, j, k;
  for (i = 0; i < A->size2; i++)
    for (j = 0; j < B->size2; j++)
      {
        double s = 0;
        for (k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (out, i, j, s);
      }
}

/* out = A B^T */
static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t i, j, k;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < B->size1; j++)
      {
        double s = 0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
        gsl_matrix_set (out, i, j, s);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / (double) N);

  /* 2 */
  matmul_tn (cache->p1, g->dz2, g->dW2);
  add_l2 (g->dW2, net->W2, reg);

  /* 3 */
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      *gsl_vector_ptr (g->db2, j) += gsl_matrix_get (g->dz2, i, j);

  /* 4 */
  matmul_nt (g->dz2, net->W2, g->dp1);

  /* 5 */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* 6  (penalty: see 2) */
  matmul_tn (X, g->dz1, g->dW1);

  /* 7 */
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
