/* backward.c -- two-layer net, backward pass (bootcamp week 6)
 *
 * Adapted from the "neural network in plain C" blog post I used for the
 * XOR project: that code does one sample at a time (online SGD), so I kept
 * the per-sample loop and ACCUMULATE the weight gradients over the batch.
 * Everything goes through ->data with tda because the post said
 * gsl_matrix_get is slow (bounds checks).
 */

#include <stdbool.h>
#include <string.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* Pointer to element (i, j) of a GSL matrix, row-major with stride tda. */
#define ELEM(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  if (net == NULL || X == NULL || cache == NULL || g == NULL || y == NULL)
    return 1;

  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  const double invN = 1.0 / (double) N;

  /* The accumulators must start at zero every call (the blog post
   * allocated fresh arrays each time, we reuse g). */
  gsl_matrix_set_zero (g->dW2);
  gsl_vector_set_zero (g->db2);
  gsl_matrix_set_zero (g->dW1);
  gsl_vector_set_zero (g->db1);

  for (size_t n = 0; n < N; n++)
    {
      /* ---- output layer: delta = (p - t) / N ---- */
      for (size_t c = 0; c < C; c++)
        {
          double target = (c == y[n]) ? 1.0 : 0.0;
          ELEM (g->dz2, n, c) = (ELEM (cache->prob, n, c) - target) * invN;
        }

      /* dW2 += outer(p1[n], dz2[n]);  db2 += dz2[n] */
      for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++)
          ELEM (g->dW2, h, c) += ELEM (cache->p1, n, h) * ELEM (g->dz2, n, c);
      for (size_t c = 0; c < C; c++)
        g->db2->data[c * g->db2->stride] += ELEM (g->dz2, n, c);

      /* ---- hidden layer: dp1[n] = W2 dz2[n] ---- */
      for (size_t h = 0; h < H; h++)
        {
          double s = 0.0;
          for (size_t c = 0; c < C; c++)
            s += ELEM (net->W2, h, c) * ELEM (g->dz2, n, c);
          ELEM (g->dp1, n, h) = s;

          /* relu: the unit passed its input iff z1 > 0 */
          bool active = ELEM (cache->z1, n, h) > 0.0;
          ELEM (g->dz1, n, h) = active ? s : 0.0;
        }

      /* dW1 += outer(x[n], dz1[n]);  db1 += dz1[n] */
      for (size_t d = 0; d < D; d++)
        {
          double xd = ELEM (X, n, d);
          if (xd == 0.0)
            continue;                   /* small speed-up from the post */
          for (size_t h = 0; h < H; h++)
            ELEM (g->dW1, d, h) += xd * ELEM (g->dz1, n, h);
        }
      for (size_t h = 0; h < H; h++)
        g->db1->data[h * g->db1->stride] += ELEM (g->dz1, n, h);
    }

  /* ---- L2: d/dW of reg*|W|^2 is 2*reg*W, once per batch ---- */
  for (size_t h = 0; h < H; h++)
    for (size_t c = 0; c < C; c++)
      ELEM (g->dW2, h, c) += 2.0 * reg * ELEM (net->W2, h, c);
  for (size_t d = 0; d < D; d++)
    for (size_t h = 0; h < H; h++)
      ELEM (g->dW1, d, h) += 2.0 * reg * ELEM (net->W1, d, h);

  g->present = BP_GRADS_ALL;
  return 0;
}
