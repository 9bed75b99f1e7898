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

  /* ===== YOUR CODE HERE (step 1: copy prob into dz2) ===== */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j));
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 2: subtract one-hot(y), divide by N) =====
   *   dz2[i][y_i] -= 1 for every sample i, then dz2 /= N               */
  for (i = 0; i < N; i++)
    {
      for (j = 0; j < C; j++)
        {
          double t = gsl_matrix_get (g->dz2, i, j);
          if (j == y[i])
            t -= 1.0;
          gsl_matrix_set (g->dz2, i, j, t / N);
        }
    }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 3: dW2 and db2) =====
   *   dW2 = p1^T dz2 + 2 reg W2        (H, C)
   *   db2 = sum over the batch of dz2  (C)                             */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  add_l2_grad (g->dW2, net->W2, reg);
  sum_over_batch (g->dz2, g->db2);
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 4: dp1) =====
   *   dp1 = dz2 W2^T                   (N, H)                          */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 5: dz1, through the ReLU) =====
   *   dz1 = dp1 where z1 > 0, 0 elsewhere                              */
  /* relu kills the gradient where the activation was negative */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      {
        double grad = gsl_matrix_get (g->dp1, i, k);
        if (gsl_matrix_get (cache->p1, i, k) < 0.0)
          grad = 0.0;
        gsl_matrix_set (g->dz1, i, k, grad);
      }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 6: dW1 and db1) =====
   *   dW1 = X^T dz1 + 2 reg W1         (D, H)
   *   db1 = sum over the batch of dz1  (H)                             */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  add_l2_grad (g->dW1, net->W1, reg);
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
  size_t r, c;
  for (c = 0; c < A->size2; c++)
    {
      double total = 0.0;
      for (r = 0; r < A->size1; r++)
        total += gsl_matrix_get (A, r, c);
      gsl_vector_set (out, c, total);
    }
}

static void
add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      gsl_matrix_set (dW, r, c, gsl_matrix_get (dW, r, c) + 2 * reg * gsl_matrix_get (W, r, c));
}

static void
relu_backward_inplace (gsl_matrix *dA, const gsl_matrix *Z)
{
  /* not used, did the mask inline in step 5 */
  (void) dA; (void) Z;
}

/* ===== END ===== */
