/* backward.c -- backward pass, flat-pointer version.
 *
 * The weight gradients are stored contiguously (dW1 and dW2 are views into
 * g->dtheta, laid out like net->theta), so the L2 term is one pass of two
 * walking pointers over each block.
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
  const size_t N = X->size1, D = net->D, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != D || g->N != N)
    return 1;

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  {
    double *dw = g->dW2->data;
    const double *w = net->W2->data;
    for (size_t k = 0; k < H * C; k++)
      *dw++ += 2.0 * reg * *w++;
  }

  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      *gsl_vector_ptr (g->db2, k) += gsl_matrix_get (g->dz2, i, k);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  {
    double *dw = g->dW1->data;
    const double *w = net->W1->data;
    for (size_t k = 0; k < D * H; k++)
      *dw++ += 2.0 * reg * *++w;
  }

  gsl_vector_set_zero (g->db1);
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      *gsl_vector_ptr (g->db1, j) += gsl_matrix_get (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
