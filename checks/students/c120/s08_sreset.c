/* backward.c -- homework 5: backprop for the 2-layer net
 *
 * Plan: write the matrix operations once, then backward() is the chain
 * rule written as calls.  Checked the shapes on paper:
 *   dW2 = p1^T dz2,  dp1 = dz2 W2^T,  dW1 = X^T dz1
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* C = A^T * B */
void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;
  double sum;

  for (i = 0; i < C->size1; i++)
    {
      sum = 0.0;
      for (j = 0; j < C->size2; j++)
        {
          for (k = 0; k < A->size1; k++)
            sum += gsl_matrix_get (A, k, i) * gsl_matrix_get (B, k, j);
          gsl_matrix_set (C, i, j, sum);
        }
    }
}

/* C = A * B^T */
void
matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t i, j, k;

  for (i = 0; i < C->size1; i++)
    for (j = 0; j < C->size2; j++)
      {
        double sum = 0.0;
        for (k = 0; k < A->size2; k++)
          sum += gsl_matrix_get (A, i, k) * gsl_matrix_get (B, j, k);
        gsl_matrix_set (C, i, j, sum);
      }
}

void
colsum (const gsl_matrix *A, gsl_vector *v)
{
  size_t i;
  gsl_vector_set_zero (v);
  for (i = 0; i < A->size1; i++)
    {
      gsl_vector_const_view r = gsl_matrix_const_row (A, i);
      gsl_vector_add (v, &r.vector);
    }
}

/* M = A .* B, M may be A */
void
hadamard (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *M)
{
  if (M != A)
    gsl_matrix_memcpy (M, A);
  gsl_matrix_mul_elements (M, B);
}

void
relu_mask (const gsl_matrix *Z, gsl_matrix *mask)
{
  size_t i, j;
  for (i = 0; i < Z->size1; i++)
    for (j = 0; j < Z->size2; j++)
      gsl_matrix_set (mask, i, j, gsl_matrix_get (Z, i, j) > 0.0);
}

void
add_scaled (gsl_matrix *A, const gsl_matrix *B, double alpha)
{
  size_t i, j;
  for (i = 0; i < A->size1; i++)
    for (j = 0; j < A->size2; j++)
      gsl_matrix_set (A, i, j,
                      gsl_matrix_get (A, i, j) + alpha * gsl_matrix_get (B, i, j));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i;
  gsl_matrix *mask;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  mask = gsl_matrix_alloc (N, net->H);
  if (!mask)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_scaled (g->dW2, net->W2, 2.0 * reg);
  colsum (g->dz2, g->db2);
  matmul_ABt (g->dz2, net->W2, g->dp1);

  relu_mask (cache->z1, mask);
  hadamard (g->dp1, mask, g->dz1);

  matmul_AtB (X, g->dz1, g->dW1);
  add_scaled (g->dW1, net->W1, 2.0 * reg);
  colsum (g->dz1, g->db1);

  gsl_matrix_free (mask);
  g->present = BP_GRADS_ALL;
  return 0;
}
