/* backward.c -- Assignment 2, part 3: backward pass of the two-layer net.
 *
 * Everything that is a matrix product goes through gsl_blas_dgemm, the
 * bias gradients are column sums done with dgemv against a vector of ones.
 *
 * Shapes: X (N, D), W1 (D, H), W2 (H, C), z1/p1 (N, H), z2/prob (N, C).
 * Loss: (1/N) sum -log prob[i][y_i] + reg (|W1|^2 + |W2|^2), no 1/2. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  gsl_vector *ones;
  size_t i;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* 1. dz2 (N, C) = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    {
      double p = gsl_matrix_get (g->dz2, i, y[i]);
      gsl_matrix_set (g->dz2, i, y[i], p - 1.0);
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* 2. dW2 (H, C) = p1' (H, N) * dz2 (N, C) + 2 reg W2.
   *    Load W2 first and let beta = 2 reg do the reg term. */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  /* 3. db2 (C) = dz2' (C, N) * ones (N) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* 4. dp1 (N, H) = dz2 (N, C) * W2' (C, H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                  0.0, g->dp1);

  /* 5. dz1 (N, H) = dp1 where z1 > 0, else 0 */
  for (i = 0; i < N; i++)
    {
      size_t j;
      for (j = 0; j < net->H; j++)
        {
          double d = gsl_matrix_get (cache->z1, i, j) > 0.0
                       ? gsl_matrix_get (g->dp1, i, j) : 0.0;
          gsl_matrix_set (g->dz1, i, j, d);
        }
    }

  /* 6. dW1 (D, H) = X' (D, N) * dz1 (N, H) + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                  2.0 * reg, g->dW1);

  /* 7. db1 (H) = dz1' (H, N) * ones (N) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
