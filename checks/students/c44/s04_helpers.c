/*
 * backward.c  --  CS-2xx deep learning, lab 3
 *
 * I split the work into little helpers so each one can be tested on its
 * own (I tested matmul_tn against numpy on a 2x3 case, it matched).
 *
 *   matmul_tn(A, B, out)   out = A^T B
 *   matmul_nt(A, B, out)   out = A B^T
 *   relu_grad(dp, z, out)  out = dp where z > 0, else 0
 *   col_sum(A, v)          v[j] = sum_i A[i][j]
 *   add_reg(dW, W, reg)    dW += 2 reg W   (derivative of reg * W^2)
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
matmul_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, n;
  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      {
        double acc = 0;
        for (n = 0; n < A->size1; n++)
          acc += gsl_matrix_get (A, n, r) * gsl_matrix_get (B, n, c);
        gsl_matrix_set (out, r, c, acc);
      }
}

static void
matmul_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  size_t r, c, n;
  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      {
        double acc = 0;
        for (n = 0; n < A->size2; n++)
          acc += gsl_matrix_get (A, r, n) * gsl_matrix_get (B, c, n);
        gsl_matrix_set (out, r, c, acc);
      }
}

static void
relu_grad (const gsl_matrix *dp, const gsl_matrix *z, gsl_matrix *out)
{
  size_t r, c;
  for (r = 0; r < out->size1; r++)
    for (c = 0; c < out->size2; c++)
      gsl_matrix_set (out, r, c,
                      gsl_matrix_get (z, r, c) > 0 ? gsl_matrix_get (dp, r, c) : 0);
}

static void
col_sum (const gsl_matrix *A, gsl_vector *v)
{
  size_t r, c;
  gsl_vector_set_zero (v);
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      gsl_vector_set (v, c, gsl_vector_get (v, c) + gsl_matrix_get (A, r, c));
}

static void
add_reg (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < dW->size1; r++)
    for (c = 0; c < dW->size2; c++)
      gsl_matrix_set (dW, r, c,
                      gsl_matrix_get (dW, r, c) + 2 * reg * gsl_matrix_get (W, r, c));
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* softmax + cross entropy together: probs minus one-hot, averaged */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  matmul_tn (cache->p1, g->dz2, g->dW2);
  col_sum (g->dz2, g->db2);
  matmul_nt (g->dz2, net->W2, g->dp1);
  relu_grad (g->dp1, cache->z1, g->dz1);
  matmul_tn (X, g->dz1, g->dW1);
  col_sum (g->dz1, g->db1);

  /* regularisation last, only on the weights */
  add_reg (g->dW1, net->W1, reg);
  add_reg (g->dW2, net->W2, reg);

  g->present = BP_GRADS_ALL;
  return 0;
}
