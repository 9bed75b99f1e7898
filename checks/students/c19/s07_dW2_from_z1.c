// backward.c
// Sofia Alvarez - ML101 lab 5
//
// Backprop for   X -> affine(W1,b1) -> relu -> affine(W2,b2) -> softmax-CE
// I wrote one function per gradient, each gets just the matrices it
// needs, and backward() wires them up in the order of the chain rule.

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void computeDz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2);
static void computeDW2 (const gsl_matrix *hidden, const gsl_matrix *dz2,
                        const gsl_matrix *W2, double reg, gsl_matrix *dW2);
static void computeDb2 (const gsl_matrix *dz2, gsl_vector *db2);
static void computeDp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1);
static void computeDz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1);
static void computeDW1 (const gsl_matrix *X, const gsl_matrix *dz1,
                        const gsl_matrix *W1, double reg, gsl_matrix *dW1);
static void computeDb1 (const gsl_matrix *dz1, gsl_vector *db1);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  computeDz2 (cache->prob, y, g->dz2);
  computeDW2 (cache->z1, g->dz2, net->W2, reg, g->dW2);
  computeDb2 (g->dz2, g->db2);
  computeDp1 (g->dz2, net->W2, g->dp1);
  computeDz1 (g->dp1, cache->z1, g->dz1);
  computeDW1 (X, g->dz1, net->W1, reg, g->dW1);
  computeDb1 (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}

// dL/dscores: softmax minus one-hot, averaged over the batch
static void
computeDz2 (const gsl_matrix *prob, const size_t *y, gsl_matrix *dz2)
{
  const size_t numSamples = prob->size1;
  for (size_t i = 0; i < numSamples; ++i) {
    for (size_t c = 0; c < prob->size2; ++c) {
      double v = gsl_matrix_get (prob, i, c);
      if (c == y[i]) v -= 1.0;
      gsl_matrix_set (dz2, i, c, v / numSamples);
    }
  }
}

// dW2[h][c] = sum_i hidden[i][h] * dz2[i][c]  + 2 reg W2[h][c]
static void
computeDW2 (const gsl_matrix *hidden, const gsl_matrix *dz2,
            const gsl_matrix *W2, double reg, gsl_matrix *dW2)
{
  for (size_t h = 0; h < W2->size1; ++h) {
    for (size_t c = 0; c < W2->size2; ++c) {
      double sum = 0.0;
      for (size_t i = 0; i < dz2->size1; ++i)
        sum += gsl_matrix_get (hidden, i, h) * gsl_matrix_get (dz2, i, c);
      gsl_matrix_set (dW2, h, c, sum + 2.0 * reg * gsl_matrix_get (W2, h, c));
    }
  }
}

static void
computeDb2 (const gsl_matrix *dz2, gsl_vector *db2)
{
  for (size_t c = 0; c < dz2->size2; ++c) {
    double sum = 0.0;
    for (size_t i = 0; i < dz2->size1; ++i)
      sum += gsl_matrix_get (dz2, i, c);
    gsl_vector_set (db2, c, sum);
  }
}

// dp1[i][h] = sum_c dz2[i][c] * W2[h][c]
static void
computeDp1 (const gsl_matrix *dz2, const gsl_matrix *W2, gsl_matrix *dp1)
{
  for (size_t i = 0; i < dz2->size1; ++i) {
    for (size_t h = 0; h < W2->size1; ++h) {
      double sum = 0.0;
      for (size_t c = 0; c < W2->size2; ++c)
        sum += gsl_matrix_get (dz2, i, c) * gsl_matrix_get (W2, h, c);
      gsl_matrix_set (dp1, i, h, sum);
    }
  }
}

static void
computeDz1 (const gsl_matrix *dp1, const gsl_matrix *z1, gsl_matrix *dz1)
{
  for (size_t i = 0; i < z1->size1; ++i)
    for (size_t h = 0; h < z1->size2; ++h)
      gsl_matrix_set (dz1, i, h, (gsl_matrix_get (z1, i, h) > 0.0) * gsl_matrix_get (dp1, i, h));
}

static void
computeDW1 (const gsl_matrix *X, const gsl_matrix *dz1,
            const gsl_matrix *W1, double reg, gsl_matrix *dW1)
{
  for (size_t d = 0; d < W1->size1; ++d) {
    for (size_t h = 0; h < W1->size2; ++h) {
      double sum = 0.0;
      for (size_t i = 0; i < X->size1; ++i)
        sum += gsl_matrix_get (X, i, d) * gsl_matrix_get (dz1, i, h);
      gsl_matrix_set (dW1, d, h, sum + 2.0 * reg * gsl_matrix_get (W1, d, h));
    }
  }
}

static void
computeDb1 (const gsl_matrix *dz1, gsl_vector *db1)
{
  for (size_t h = 0; h < dz1->size2; ++h) {
    double sum = 0.0;
    for (size_t i = 0; i < dz1->size1; ++i)
      sum += gsl_matrix_get (dz1, i, h);
    gsl_vector_set (db1, h, sum);
  }
}
