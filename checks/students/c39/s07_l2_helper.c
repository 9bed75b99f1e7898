/* ==========================================================================
 * backward.c                                     NN-from-scratch, week 5
 *
 * Small "layer" helpers first (my mini framework, reused from week 4's
 * logistic regression homework), then backward() just chains them.
 * ========================================================================== */

#include <stddef.h>
#include "backprop.h"

/* ---------------------------------------------------------------- helpers */

/* out (K x M) = A' (K x N) * B (N x M) */
static void
mm_tn (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t k = 0; k < out->size1; k++)
    for (size_t m = 0; m < out->size2; m++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < A->size1; n++)
          acc += gsl_matrix_get (A, n, k) * gsl_matrix_get (B, n, m);
        gsl_matrix_set (out, k, m, acc);
      }
}

/* out (N x K) = A (N x M) * B' (M x K) */
static void
mm_nt (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
  for (size_t n = 0; n < out->size1; n++)
    for (size_t k = 0; k < out->size2; k++)
      {
        double acc = 0.0;
        for (size_t m = 0; m < A->size2; m++)
          acc += gsl_matrix_get (A, n, m) * gsl_matrix_get (B, k, m);
        gsl_matrix_set (out, n, k, acc);
      }
}

/* out(m) = sum_n A(n, m) */
static void
sum_over_batch (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t m = 0; m < A->size2; m++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < A->size1; n++)
        acc += gsl_matrix_get (A, n, m);
      gsl_vector_set (out, m, acc);
    }
}

/* regularization: adds d/dW of the L2 penalty reg*sum(W^2) to dW */
static void
l2_backward (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      gsl_matrix_set (dW, i, j, gsl_matrix_get (dW, i, j) + reg * gsl_matrix_get (W, i, j));
}

/* dZ = dP * [Z > 0] */
static void
relu_backward (const gsl_matrix *dP, const gsl_matrix *Z, gsl_matrix *dZ)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (dZ, i, j,
                      gsl_matrix_get (Z, i, j) > 0.0 ? gsl_matrix_get (dP, i, j) : 0.0);
}

/* dZ = (P - onehot(y)) / N */
static void
softmax_ce_backward (const gsl_matrix *P, const size_t *y, gsl_matrix *dZ)
{
  const double N = (double) P->size1;
  for (size_t i = 0; i < P->size1; i++)
    for (size_t j = 0; j < P->size2; j++)
      gsl_matrix_set (dZ, i, j, (gsl_matrix_get (P, i, j) - (j == y[i])) / N);
}

/* ---------------------------------------------------------------- backward */

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  softmax_ce_backward (cache->prob, y, g->dz2);

  mm_tn (cache->p1, g->dz2, g->dW2);
  l2_backward (g->dW2, net->W2, reg);
  sum_over_batch (g->dz2, g->db2);

  mm_nt (g->dz2, net->W2, g->dp1);
  relu_backward (g->dp1, cache->z1, g->dz1);

  mm_tn (X, g->dz1, g->dW1);
  l2_backward (g->dW1, net->W1, reg);
  sum_over_batch (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
