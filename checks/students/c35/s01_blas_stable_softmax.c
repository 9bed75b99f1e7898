/* backward.c -- HW1, two layer net, backward pass (C version)
 *
 * I recompute the softmax here from the scores instead of reading
 * cache->prob: on the CIFAR run last week I got NaNs with a large learning
 * rate and subtracting the row max is what the notes say to do anyway.
 * All the matrix products are gsl_blas_dgemm (see the man page, it is
 * C = alpha op(A) op(B) + beta C).
 */

#include <math.h>
#include <stdio.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t H = net->H;
  size_t C = net->C;
  size_t i, j;

  /* gradcheck passes matching shapes; a mismatch is a failure (nonzero). */
  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* 1. dz2 = (softmax(z2) - onehot(y)) / N, softmax recomputed with the
   *    max trick */
  for (i = 0; i < N; i++)
    {
      double m = gsl_matrix_get (cache->z2, i, 0);
      double total = 0.0;

      for (j = 1; j < C; j++)
        if (gsl_matrix_get (cache->z2, i, j) > m)
          m = gsl_matrix_get (cache->z2, i, j);

      for (j = 0; j < C; j++)
        {
          double e = exp (gsl_matrix_get (cache->z2, i, j) - m);
          gsl_matrix_set (g->dz2, i, j, e);
          total += e;
        }

      for (j = 0; j < C; j++)
        {
          double p = gsl_matrix_get (g->dz2, i, j) / total;
          if (j == y[i])
            p -= 1.0;
          gsl_matrix_set (g->dz2, i, j, p / (double) N);
        }
    }
  /* printf ("dz2[0][0] = %g\n", gsl_matrix_get (g->dz2, 0, 0)); */

  /* 2. dW2 = p1^T dz2 + 2 reg W2.  Put the reg part in first and let
   *    dgemm add the product on top of it (beta = 1). */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  1.0, g->dW2);

  /* 3. db2 = dz2^T * ones(N) */
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* 4. dp1 = dz2 W2^T   (N,C)(C,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* 5. dz1 = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      {
        double *out = gsl_matrix_ptr (g->dz1, i, j);
        if (gsl_matrix_get (cache->z1, i, j) > 0.0)
          *out = gsl_matrix_get (g->dp1, i, j);
        else
          *out = 0.0;
      }

  /* 6. dW1 = X^T dz1 + 2 reg W1, the reg part in a temporary this time */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  gsl_matrix *regW1 = gsl_matrix_alloc (net->D, H);
  gsl_matrix_memcpy (regW1, net->W1);
  gsl_matrix_scale (regW1, 2.0 * reg);
  gsl_matrix_add (g->dW1, regW1);
  gsl_matrix_free (regW1);

  /* 7. db1, same trick as db2 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
