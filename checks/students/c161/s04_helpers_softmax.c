/* backward.c  --  Project 2, part B
 * I broke the backward pass into small helper functions so each one
 * can be tested by itself (the professor said to do that).
 * I also recompute the softmax from the scores myself because I wanted
 * to be sure it matches my notes (subtract the max first!).
 */
#include <math.h>
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out = A^T * B, out must be (A cols) x (B cols) */
static void matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, k;
  for (r = 0; r < A->size2; r++)
    for (c = 0; c < B->size2; c++) {
      double acc = 0.0;
      for (k = 0; k < A->size1; k++)
        acc += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
      gsl_matrix_set (out, r, c, acc);
    }
}

/* out = A * B^T */
static void matmul_ABt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, k;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < B->size1; c++) {
      double acc = 0.0;
      for (k = 0; k < A->size2; k++)
        acc += gsl_matrix_get (A, r, k) * gsl_matrix_get (B, c, k);
      gsl_matrix_set (out, r, c, acc);
    }
}

/* v[j] = sum over rows i of A[i][j] */
static void sum_rows (const gsl_matrix *A, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < A->size2; j++) {
    double acc = 0.0;
    for (i = 0; i < A->size1; i++)
      acc += gsl_matrix_get (A, i, j);
    gsl_vector_set (v, j, acc);
  }
}

/* grad += 2 * reg * W */
static void add_reg (gsl_matrix *grad, const gsl_matrix *W, double reg)
{
  size_t i, j;
  for (i = 0; i < W->size1; i++)
    for (j = 0; j < W->size2; j++)
      gsl_matrix_set (grad, i, j, gsl_matrix_get (grad, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j));
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  double *row_exp;   /* temporary: exp(scores - max) for one row */

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  row_exp = malloc (C * sizeof (double));
  if (row_exp == NULL)
    return 1;

  /* scores_grad: softmax of the scores, minus one hot, over N */
  for (i = 0; i < N; i++) {
    double max_score = gsl_matrix_get (cache->z2, i, 0);
    double total = 0.0;
    for (j = 1; j < C; j++)
      if (gsl_matrix_get (cache->z2, i, j) > max_score)
        max_score = gsl_matrix_get (cache->z2, i, j);
    for (j = 0; j < C; j++) {
      row_exp[j] = exp (gsl_matrix_get (cache->z2, i, j) - max_score);
      total += row_exp[j];
    }
    for (j = 0; j < C; j++) {
      double prob = row_exp[j] / total;
      if (j == y[i])
        prob -= 1.0;
      gsl_matrix_set (g->dz2, i, j, prob / N);
    }
  }
  free (row_exp);

  /* W2_grad = hidden^T scores_grad + 2 reg W2 */
  matmul_AtB (cache->p1, g->dz2, g->dW2);
  add_reg (g->dW2, net->W2, reg);

  /* b2_grad */
  sum_rows (g->dz2, g->db2);

  /* hidden_grad = scores_grad W2^T */
  matmul_ABt (g->dz2, net->W2, g->dp1);

  /* relu_grad = hidden_grad * (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* W1_grad = X^T relu_grad + 2 reg W1 */
  matmul_AtB (X, g->dz1, g->dW1);
  add_reg (g->dW1, net->W1, reg);

  /* b1_grad */
  sum_rows (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
