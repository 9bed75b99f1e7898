/* backward.c -- 2-layer net, backward pass
 * work (N x C) = dz2, work2 (N x H) = dp1 -> dz1 (in place),
 * tmp (N) = ones for the bias sums.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  gsl_matrix *work = gsl_matrix_alloc(N, C);
  gsl_matrix *work2 = gsl_matrix_alloc(N, H);
  gsl_vector *tmp = gsl_vector_alloc(N);
  gsl_vector_set_all(tmp, 1.0);

  /* ---- output layer ---- */
  gsl_matrix_memcpy(work, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set(work, i, y[i], gsl_matrix_get(work, i, y[i]) - 1.0);
  gsl_matrix_scale(work, 1.0 / N);
  gsl_matrix_memcpy(g->dz2, work);

  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, work, 2.0 * reg,
                 g->dW2);
  gsl_blas_dgemv(CblasTrans, 1.0, work, tmp, 0.0, g->db2);

  /* ---- hidden layer ---- */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, work, net->W2, 0.0, work2);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
        gsl_matrix_set(work2, i, j, 0.0);
  gsl_matrix_memcpy(g->dp1, work2);
  gsl_matrix_memcpy(g->dz1, work2);

  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, work2, 2.0 * reg, g->dW1);
  gsl_blas_dgemv(CblasTrans, 1.0, work2, tmp, 0.0, g->db1);

  gsl_matrix_free(work);
  gsl_matrix_free(work2);
  gsl_vector_free(tmp);
  g->present = BP_GRADS_ALL;
  return 0;
}
