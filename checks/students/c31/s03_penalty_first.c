/*
 * backward.c - two layer net, my version with BLAS
 * (put the reg term in first and let dgemm add onto it with beta = 1,
 *  saves a loop)
 */
#include "backprop.h"
#include <gsl/gsl_blas.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t i, j;
  gsl_matrix *onehot, *mask;
  gsl_vector *ones;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  onehot = gsl_matrix_calloc (N, net->C);
  mask = gsl_matrix_alloc (N, net->H);
  ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  // 1. dz2
  for (i = 0; i < N; i++)
    gsl_matrix_set (onehot, i, y[i], 1.0);
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, onehot);
  gsl_matrix_scale (g->dz2, 1.0 / N);
  // gsl_matrix_scale (g->dz2, 1.0 / 7);   // hardcoded for the toy net, dont!

  // 2. dW2 = 2 reg W2 + p1' dz2
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

  // 3. db2 = dz2' * ones
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  // 4. dp1
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // 5. dz1 = dp1 .* (p1 > 0)      p1 > 0 exactly when z1 > 0
  // (build the 0/1 mask right in dz1, then multiply dp1 into it)
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->p1, i, j) > 0.0 ? 1.0 : 0.0);
  //gsl_matrix_memcpy (g->dz1, g->dp1);
  //gsl_matrix_mul_elements (g->dz1, mask);
  gsl_matrix_mul_elements (g->dz1, g->dp1);

  // 6. dW1, same trick
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  // 7. db1
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_matrix_free (onehot);
  gsl_matrix_free (mask);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
