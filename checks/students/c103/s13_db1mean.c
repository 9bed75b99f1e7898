/* backward.c -- backward pass of the two-layer net.
   Loops for the cheap parts, BLAS for the products.  The loss is a mean
   over the batch, so the bias gradients are means over the batch too. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t n, h, c;
  double acc;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c, (gsl_matrix_get (cache->prob, n, c)
                                     - (c == y[n])) / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  /* dz2 already carries the 1/N */
  for (c = 0; c < C; c++)
    {
      for (acc = 0.0, n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (g->dz1, n, h, gsl_matrix_get (cache->z1, n, h) > 0.0
                                    ? gsl_matrix_get (g->dp1, n, h) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  for (h = 0; h < H; h++)
    {
      for (acc = 0.0, n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc / (double) N);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
