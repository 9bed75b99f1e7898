/*
 * backward.c  --  Assignment 3 (2-layer net), ML in C, section 3
 * Oliver Grant
 *
 * Layer 2 and layer 1 are the same affine backward, so I wrote layer 2
 * and then copied the block for layer 1 and renamed things.
 */

#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A.T @ B  (A is (K, M), B is (K, P), out is (M, P)) */
static void
matmul_TN (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t M = out->size1, P = out->size2, K = B->size1;
  for (size_t m = 0; m < M; m++)
    for (size_t p = 0; p < P; p++)
      {
        double acc = 0;
        for (size_t k = 0; k < K; k++)
          acc += gsl_matrix_get (A, k, m) * gsl_matrix_get (B, k, p);
        gsl_matrix_set (out, m, p, acc);
      }
}

/* out = A @ B.T  (A is (K, M), B is (P, M), out is (K, P)) */
static void
matmul_NT (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t k = 0; k < out->size1; k++)
    for (size_t p = 0; p < out->size2; p++)
      {
        double acc = 0;
        for (size_t m = 0; m < A->size2; m++)
          acc += gsl_matrix_get (A, k, m) * gsl_matrix_get (B, p, m);
        gsl_matrix_set (out, k, p, acc);
      }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / (double) N);

  /* ===== layer 2 ===== */
  matmul_TN (cache->p1, g->dz2, g->dW2);
  for (i = 0; i < g->dW2->size1; i++)
    for (j = 0; j < g->dW2->size2; j++)
      gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                      + 2 * reg * gsl_matrix_get (net->W2, i, j));
  for (j = 0; j < g->db2->size; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz2, i, j);
      gsl_vector_set (g->db2, j, s);
    }
  matmul_NT (g->dz2, net->W2, g->dp1);

  /* relu */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, (gsl_matrix_get (cache->z1, i, j) > 0)
                      * gsl_matrix_get (g->dp1, i, j));

  /* ===== layer 1 ===== */
  matmul_TN (X, g->dp1, g->dW1);
  for (i = 0; i < g->dW1->size1; i++)
    for (j = 0; j < g->dW1->size2; j++)
      gsl_matrix_set (g->dW1, i, j, gsl_matrix_get (g->dW1, i, j)
                      + 2 * reg * gsl_matrix_get (net->W1, i, j));
  for (j = 0; j < g->db1->size; j++)
    {
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_matrix_get (g->dz1, i, j);
      gsl_vector_set (g->db1, j, s);
    }
  /* (no dX needed, X is the input) */

  g->present = BP_GRADS_ALL;
  return 0;
}
