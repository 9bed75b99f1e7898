/* backward.c -- HW3, two-layer net, backward pass
 * Priya R.  (lecture 7 notes + my HW2 softmax)
 *
 * One small function per gradient, each told exactly which matrices it
 * reads, plus three generic helpers (A^T B, column sums, the L2 term)
 * that the parameter gradients share.
 *
 * I recompute the softmax from the scores instead of reading cache->prob:
 * in HW2 my prob came out wrong for big scores, so here I subtract the row
 * max before exp() and never trust anything I did not compute myself.
 */

#include <math.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* ------------------------------------------------------------------ */
/* generic helpers                                                     */
/* ------------------------------------------------------------------ */

/* C = A^T B   with A (n, a), B (n, b), C (a, b) */
static void
matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *C)
{
  size_t n = A->size1, a = A->size2, b = B->size2;

  for (size_t r = 0; r < a; r++)
    for (size_t c = 0; c < b; c++)
      {
        double acc = 0.0;
        for (size_t k = 0; k < n; k++)
          acc += gsl_matrix_get (A, k, r) * gsl_matrix_get (B, k, c);
        gsl_matrix_set (C, r, c, acc);
      }
}

/* out[j] = sum over rows i of A[i][j] */
static void
col_sum (const gsl_matrix *A, gsl_vector *out)
{
  for (size_t j = 0; j < A->size2; j++)
    {
      double s = 0.0;
      for (size_t i = 0; i < A->size1; i++)
        s += gsl_matrix_get (A, i, j);
      gsl_vector_set (out, j, s);
    }
}

/* dW += 2 reg W   (the loss is reg*|W|^2, no 1/2 in front) */
static void
add_l2 (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      {
        double v = gsl_matrix_get (dW, i, j) + 2.0 * reg * gsl_matrix_get (W, i, j);
        gsl_matrix_set (dW, i, j, v);
      }
}

/* ------------------------------------------------------------------ */
/* one helper per gradient                                             */
/* ------------------------------------------------------------------ */

/* dz2 = (softmax(z2) - onehot(y)) / N, softmax recomputed stably */
static void
compute_dz2 (const gsl_matrix *z2, const size_t *y, gsl_matrix *dz2)
{
  size_t N = z2->size1, C = z2->size2;

  for (size_t i = 0; i < N; i++)
    {
      double mx = gsl_matrix_get (z2, i, 0);
      for (size_t k = 1; k < C; k++)
        if (gsl_matrix_get (z2, i, k) > mx)
          mx = gsl_matrix_get (z2, i, k);

      double denom = 0.0;
      for (size_t k = 0; k < C; k++)
        denom += exp (gsl_matrix_get (z2, i, k) - mx);

      for (size_t k = 0; k < C; k++)
        {
          double p = exp (gsl_matrix_get (z2, i, k) - mx) / denom;
          if (k == y[i])
            p -= 1.0;
          gsl_matrix_set (dz2, i, k, p / (double) N);
        }
    }
}

static void
compute_dW2 (const gsl_matrix *p1, const gsl_matrix *dz2,
             const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  matmul_AtB (p1, dz2, dW2);
  add_l2 (dW2, W2, reg);
}

static void
compute_db2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  col_sum (dz2, db2);
}

/* dp1 = dz2 W2^T, written out so I can see the indices */
static void
compute_dp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < dz2->size1; i++)
    for (size_t h = 0; h < W2->size1; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < W2->size2; c++)
          acc += gsl_matrix_get (dz2, i, c) * gsl_matrix_get (W2, h, c);
        gsl_matrix_set (dp1, i, h, acc);
      }
}

/* ReLU lets the gradient through only where z1 was positive */
static void
compute_dz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t i = 0; i < z1->size1; i++)
    for (size_t h = 0; h < z1->size2; h++)
      gsl_matrix_set (dz1, i, h,
                      gsl_matrix_get (z1, i, h) > 0.0 ? gsl_matrix_get (dp1, i, h) : 0.0);
}

static void
compute_dW1 (const gsl_matrix *X, const gsl_matrix *dz1,
             const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  matmul_AtB (X, dz1, dW1);
  add_l2 (dW1, W1, reg);
}

static void
compute_db1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  col_sum (dz1, db1);
}

/* ------------------------------------------------------------------ */

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (X->size1 != cache->N || X->size2 != net->D || g->N != X->size1)
    return 1;

  compute_dz2 (cache->z2, y, g->dz2);
  compute_dW2 (cache->p1, g->dz2, net->W2, reg, g->dW2);
  compute_db2 (g->dz2, g->db2);
  compute_dp1 (g->dz2, net->W2, g->dp1);
  compute_dz1 (g->dp1, cache->z1, g->dz1);
  compute_dW1 (X, g->dz1, net->W1, reg, g->dW1);
  compute_db1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
