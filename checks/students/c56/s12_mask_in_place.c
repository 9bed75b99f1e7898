/* backward.c -- homework 6
 *
 * Whole-matrix operations as much as GSL allows.  The ReLU derivative is
 * kept as a 0/1 matrix "mask" (n x H), and multiplied in elementwise.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  size_t i, h;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *mask = gsl_matrix_alloc (N, H);
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (prob - onehot(y)) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 + 2 reg W2,  db2 = dz2' 1 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* mask */
  for (i = 0; i < N; i++)
    for (h = 0; h < H; h++)
      gsl_matrix_set (mask, i, h, gsl_matrix_get (cache->z1, i, h) > 0 ? 1.0 : 0.0);
  gsl_matrix_mul_elements (g->dp1, mask);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  /* dW1 = X' dz1 + 2 reg W1,  db1 = dz1' 1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (mask);
  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
