/* backward.c -- hw3, backward pass of the two-layer net.
 *
 * I wrote a small matrix "library" first (the six functions below) so
 * that the backward pass is only a few calls, and the same calls do the
 * second layer and the first layer.  Everything with gsl_matrix_get/set,
 * no BLAS, it is small anyway. */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ---- mini matrix library ---- */

/* C = A^T B     A (K, M), B (K, P), C (M, P) */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++)
      {
        double s = 0.0;
        for (k = 0; k < A->size1; k++)
          s += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (C, i, j, s);
      }
}

/* C = A B^T     A (M, K), B (P, K), C (M, P) */
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

/* v_j = sum_i A_ij */
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

/* C = A .* B (elementwise) */
static void
hadamard (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (C, i, j, gsl_matrix_get (A, i, j) * gsl_matrix_get (B, i, j));
}

/* M = 1 where Z > 0, else 0 */
static void
relu_mask (const gsl_matrix *Z, gsl_matrix *M)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (M, i, j, gsl_matrix_get (Z, i, j) > 0.0 ? 1.0 : 0.0);
}

/* A += s * B */
static void
add_scaled (gsl_matrix *A, const gsl_matrix *B, double s)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j, gsl_matrix_get (A, i, j) + s * gsl_matrix_get (B, i, j));
}

/* ---- the backward pass ---- */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, C = net->C, i, j;
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (probs - onehot(y)) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double d = gsl_matrix_get (cache->prob, i, j);
        if (j == y[i])
          d -= 1.0;
        gsl_matrix_set (g->dz2, i, j, d / (double) N);
      }

  /* 2.-4. second layer */
  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_scaled (g->dW2, net->W2, 2.0 * reg);
  colsum (g->dz2, g->db2);
  matmul_ABt (g->dz2, net->W2, g->dp1);

  /* 5. through the relu */
  mask = gsl_matrix_alloc (N, net->H);
  if (mask == NULL)
    return 1;
  relu_mask (cache->z1, mask);
  hadamard (g->dp1, mask, g->dz1);
  gsl_matrix_free (mask);

  /* 6.-7. first layer, same helpers */
  matmul_AtB (X, g->dz1, g->dW1);
  add_scaled (g->dW1, net->W1, 2.0 * reg);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
