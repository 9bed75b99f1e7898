/*
 * backward.c  (hw3, q2)
 *
 * work1 = dz2, work2 = dp1, work3 = dz1  -- kept apart so I can
 * print them while debugging.  bias grads with a ones vector.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;
  gsl_matrix *work1, *work2, *work3;
  gsl_vector *one;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  work1 = gsl_matrix_alloc (N, C);
  work2 = gsl_matrix_alloc (N, H);
  work3 = gsl_matrix_alloc (N, H);
  one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  /* dz2 */
  gsl_matrix_memcpy (work1, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (work1, i, y[i], gsl_matrix_get (work1, i, y[i]) - 1.0);
  gsl_matrix_scale (work1, 1.0 / (double) N);
  gsl_matrix_memcpy (g->dz2, work1);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, work1,
                  2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, work1, one, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, work1, net->W2, 0.0, work2);
  gsl_matrix_memcpy (g->dp1, work2);

  /* dz1 = dp1 * 1[z1 > 0] */
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (work3, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (work2, i, j) : 0.0);
  gsl_matrix_memcpy (g->dz1, work3);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, work2, 2.0 * reg, g->dW1);

  /* db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, work3, one, 0.0, g->db1);

  gsl_matrix_free (work1);
  gsl_matrix_free (work2);
  gsl_matrix_free (work3);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
