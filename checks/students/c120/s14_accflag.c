/* backward.c -- 2-layer net backprop (assignment 3)
 *
 * matmul_AtB has an "accumulate" flag like beta in dgemm: with acc = 1 it
 * adds A^T B to what is already in C, so the reg term can be put in C
 * first and the product added on top. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T B  (acc == 0)   or   C += A^T B  (acc != 0) */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C, int acc)
{
  size_t i, j, k;
  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++)
      {
        double s = acc ? gsl_matrix_get (C, i, j) : 0.0;
        for (k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (C, i, j, s);
      }
}

/* C = A B^T */
static void
matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++)
      {
        double s = 0.0;
        for (k = 0; k < A->size2; k++)
          s += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
        gsl_matrix_set (C, i, j, s);
      }
}

static void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (v, j, s);
    }
}

/* out = dA where z > 0, else 0 */
static void
relu_mask (const gsl_matrix *dA, const gsl_matrix *z, gsl_matrix *out)
{
  size_t i, j;
  for (i = 0; i < z->size1; i++)
    for (j = 0; j < z->size2; j++)
      gsl_matrix_set (out, i, j,
                      gsl_matrix_get (z, i, j) > 0 ? gsl_matrix_get (dA, i, j) : 0.0);
}

/* C = s * W  (the reg part of a weight gradient) */
static void
scaled_copy (gsl_matrix *C, const gsl_matrix *W, double s)
{
  gsl_matrix_memcpy (C, W);
  gsl_matrix_scale (C, s);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = 2 reg W2 + p1^T dz2 */
  scaled_copy (g->dW2, net->W2, 2.0 * reg);
  matmul_AtB (cache->p1, g->dz2, g->dW2, 1);
  colsum (g->dz2, g->db2);

  /* dp1, dz1 */
  matmul_ABt (g->dz2, net->W2, g->dp1);
  relu_mask (g->dp1, cache->z1, g->dz1);

  /* dW1 = 2 reg W1 + X^T dz1 */
  scaled_copy (g->dW1, net->W1, 2.0 * reg);
  matmul_AtB (X, g->dz1, g->dW1, 0);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
