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

/* T. Lindqvist.  I went with raw ->data pointers everywhere because
 * gsl_matrix_get in the inner loops was slow when I timed it. */

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

  double *dz2 = g->dz2->data;
  double *dp1 = g->dp1->data;
  double *dz1 = g->dz1->data;
  const size_t ldz2 = g->dz2->tda, ldp1 = g->dp1->tda, ldz1 = g->dz1->tda;

  /* ===== YOUR CODE HERE (step 1: copy prob into dz2) ===== */
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      dz2[i * ldz2 + j] = cache->prob->data[i * cache->prob->tda + j];
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 2: subtract one-hot(y), divide by N) =====
   *   dz2[i][y_i] -= 1 for every sample i, then dz2 /= N               */
  for (i = 0; i < N; i++)
    {
      dz2[i * ldz2 + y[i]] -= 1.0;
      for (j = 0; j < C; j++)
        dz2[i * ldz2 + j] /= (double) N;
    }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 3: dW2 and db2) =====
   *   dW2 = p1^T dz2 + 2 reg W2        (H, C)
   *   db2 = sum over the batch of dz2  (C)                             */
  {
    const double *p1 = cache->p1->data;
    const size_t ldp = cache->p1->tda;
    double *dW2 = g->dW2->data;
    const size_t ldw = g->dW2->tda;

    for (k = 0; k < H; k++)
      for (j = 0; j < C; j++)
        {
          double acc = 0.0;
          for (i = 0; i < N; i++)
            acc += p1[i * ldp + k] * dz2[i * ldz2 + j];
          dW2[k * ldw + j] = acc;
        }
    add_l2_grad (g->dW2, net->W2, reg);
    sum_over_batch (g->dz2, g->db2);
  }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 4: dp1) =====
   *   dp1 = dz2 W2^T                   (N, H)                          */
  {
    const double *W2 = net->W2->data;
    for (i = 0; i < N; i++)
      for (k = 0; k < H; k++)
        {
          double acc = 0.0;
          for (j = 0; j < C; j++)
            acc += dz2[i * ldz2 + j] * W2[j * H + k];    /* W2^T[j][k] */
          dp1[i * ldp1 + k] = acc;
        }
  }
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 5: dz1, through the ReLU) =====
   *   dz1 = dp1 where z1 > 0, 0 elsewhere                              */
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      dz1[i * ldz1 + k] = dp1[i * ldp1 + k];
  relu_backward_inplace (g->dz1, cache->z1);
  /* ===== END ===== */

  /* ===== YOUR CODE HERE (step 6: dW1 and db1) =====
   *   dW1 = X^T dz1 + 2 reg W1         (D, H)
   *   db1 = sum over the batch of dz1  (H)                             */
  {
    const double *x = X->data;
    const size_t ldx = X->tda;
    double *dW1 = g->dW1->data;
    const size_t ldw = g->dW1->tda;

    for (j = 0; j < D; j++)
      for (k = 0; k < H; k++)
        {
          double acc = 0.0;
          for (i = 0; i < N; i++)
            acc += x[i * ldx + j] * dz1[i * ldz1 + k];
          dW1[j * ldw + k] = acc;
        }
    add_l2_grad (g->dW1, net->W1, reg);
    sum_over_batch (g->dz1, g->db1);
  }
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
    out->data[c * out->stride] = 0.0;
  for (r = 0; r < A->size1; r++)
    for (c = 0; c < A->size2; c++)
      out->data[c * out->stride] += A->data[r * A->tda + c];
}

static void
add_l2_grad (gsl_matrix *dW, const gsl_matrix *W, double reg)
{
  size_t r, c;
  for (r = 0; r < W->size1; r++)
    for (c = 0; c < W->size2; c++)
      dW->data[r * dW->tda + c] += 2.0 * reg * W->data[r * W->tda + c];
}

static void
relu_backward_inplace (gsl_matrix *dA, const gsl_matrix *Z)
{
  size_t r, c;
  for (r = 0; r < Z->size1; r++)
    for (c = 0; c < Z->size2; c++)
      if (Z->data[r * Z->tda + c] <= 0.0)
        dA->data[r * dA->tda + c] = 0.0;
}

/* ===== END ===== */
