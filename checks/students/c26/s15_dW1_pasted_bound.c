/*
 * backward.c -- Homework 4, Part 2: backpropagation through a two-layer net
 * CS 389 Deep Learning
 *
 * Skeleton from the course staff.  Fill in each block between
 *
 *     ===== YOUR CODE HERE (step k: ...) =====
 *     ===== END =====
 *
 * and nothing else: the autograder loads backward() from your backward.so
 * and calls it with matching shapes.  Do the steps in order; each one needs
 * only what the steps before it computed.
 *
 * The forward pass is done for you (the results are in cache):
 *     z1   = X W1 + b1        (N, H)
 *     p1   = max(0, z1)       (N, H)
 *     z2   = p1 W2 + b2       (N, C)
 *     prob = softmax(z2)      (N, C), row by row
 *     L    = (1/N) sum_i -log prob[i][y_i] + reg * (||W1||^2 + ||W2||^2)
 *
 * Careful: NO 0.5 in front of reg this term (last year's handout had one).
 *
 * Do NOT assume g is zero when backward() is called: during training it
 * holds whatever the previous call left in it.
 */

#include <stdio.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>

#include "backprop.h"

/* ---- helper prototypes (step 7: implement them at the bottom) ---------- */

/* out[j] = sum over i of A[i][j]: one entry per column, summed over the batch */
static void sum_over_batch (const gsl_matrix *A, gsl_vector *out);

/* dW += 2 * reg * W */
static void add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg);

/* dA[i][j] = 0 wherever Z[i][j] <= 0 (the ReLU's backward pass, in place) */
static void relu_backward_inplace (gsl_matrix *dA, const gsl_matrix *Z);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  const size_t D = net->D, H = net->H, C = net->C;
  size_t i, j, k;
  size_t r, c;

  /* ===== YOUR CODE HERE (step 1: copy prob into dz2) ===== */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j));
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 2: subtract one-hot(y), divide by N) =====
   *   dz2[i][y_i] -= 1 for every sample i, then dz2 /= N               */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      {
        double v = gsl_matrix_get (g->dz2, i, j);
        if (j == y[i])
          v = v - 1.0;
        gsl_matrix_set (g->dz2, i, j, v / (double) N);
      }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 3: dW2 and db2) =====
   *   dW2 = p1^T dz2 + 2 reg W2        (H, C)
   *   db2 = sum over the batch of dz2  (C)                             */
  for (r = 0; r < H; r++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (cache->p1, i, r) * gsl_matrix_get (g->dz2, i, c);
        gsl_matrix_set (g->dW2, r, c, s + 2.0 * reg * gsl_matrix_get (net->W2, r, c));
      }
  sum_over_batch (g->dz2, g->db2);
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 4: dp1) =====
   *   dp1 = dz2 W2^T                   (N, H)                          */
  for (i = 0; i < N; i++)
    for (r = 0; r < H; r++)
      {
        double s = 0.0;
        for (c = 0; c < C; c++)
          s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, r, c);
        gsl_matrix_set (g->dp1, i, r, s);
      }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 5: dz1, through the ReLU) =====
   *   dz1 = dp1 where z1 > 0, 0 elsewhere                              */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  relu_backward_inplace (g->dz1, cache->z1);
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 6: dW1 and db1) =====
   *   dW1 = X^T dz1 + 2 reg W1         (D, H)
   *   db1 = sum over the batch of dz1  (H)                             */
  /* same as step 3 with X instead of p1 and dz1 instead of dz2 */
  for (r = 0; r < D; r++)
    for (c = 0; c < C; c++)
      {
        double s = 0.0;
        for (i = 0; i < N; i++)
          s += gsl_matrix_get (X, i, r) * gsl_matrix_get (g->dz1, i, c);
        gsl_matrix_set (g->dW1, r, c, s + 2.0 * reg * gsl_matrix_get (net->W1, r, c));
      }
  sum_over_batch (g->dz1, g->db1);
  /* ===== END ===== */

  (void) D; (void) H; (void) C; (void) i; (void) j; (void) k;
  g->present = BP_GRADS_ALL;
  return 0;
}

/* ===== YOUR CODE HERE (step 7: helpers) ===== */

static void
sum_over_batch (const gsl_matrix *A, gsl_vector *out)
{
  size_t a, b;
  for (b = 0; b < A->size2; b++)
    {
      double s = 0.0;
      for (a = 0; a < A->size1; a++)
        s += gsl_matrix_get (A, a, b);
      gsl_vector_set (out, b, s);
    }
}

static void
add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  /* not needed, reg is added inline */
  (void) dW; (void) W; (void) reg;
}

static void
relu_backward_inplace (gsl_matrix *dA, const gsl_matrix *Z)
{
  size_t a, b;
  for (a = 0; a < Z->size1; a++)
    for (b = 0; b < Z->size2; b++)
      if (gsl_matrix_get (Z, a, b) <= 0.0)
        gsl_matrix_set (dA, a, b, 0.0);
}

/* ===== END ===== */
