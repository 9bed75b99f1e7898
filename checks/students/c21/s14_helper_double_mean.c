/* backward.c -- Owen MacLeod
 *
 * Two helpers: weight_grad() for any affine layer, and bias_grad().
 * Both layers go through the same helpers so I only had to get it right once.
 */

#include <stddef.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* dW = A^T dZ averaged over the batch, plus the L2 gradient 2 reg W.
 * A (N, K), dZ (N, M), W and dW (K, M). */
static void
weight_grad (const gsl_matrix *A, const gsl_matrix *dZ, const gsl_matrix *W,
             double reg, gsl_matrix *dW)
{
  size_t N = A->size1;
  for (size_t k = 0; k < W->size1; k++)
    for (size_t m = 0; m < W->size2; m++)
      {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++)
          acc += gsl_matrix_get (A, n, k) * gsl_matrix_get (dZ, n, m);
        gsl_matrix_set (dW, k, m, acc / N + 2.0 * reg * gsl_matrix_get (W, k, m));
      }
}

static void
bias_grad (const gsl_matrix *dZ, gsl_vector *db)
{
  for (size_t m = 0; m < dZ->size2; m++)
    {
      double acc = 0.0;
      for (size_t n = 0; n < dZ->size1; n++)
        acc += gsl_matrix_get (dZ, n, m);
      gsl_vector_set (db, m, acc);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* output */
  for (size_t n = 0; n < N; n++)
    for (size_t c = 0; c < net->C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N);
  weight_grad (cache->p1, g->dz2, net->W2, reg, g->dW2);
  bias_grad (g->dz2, g->db2);

  /* hidden */
  for (size_t n = 0; n < N; n++)
    for (size_t h = 0; h < net->H; h++)
      {
        double acc = 0.0;
        for (size_t c = 0; c < net->C; c++)
          acc += gsl_matrix_get (g->dz2, n, c) * gsl_matrix_get (net->W2, h, c);
        gsl_matrix_set (g->dp1, n, h, acc);
        gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0 ? acc : 0.0);
      }

  /* input */
  weight_grad (X, g->dz1, net->W1, reg, g->dW1);
  bias_grad (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
