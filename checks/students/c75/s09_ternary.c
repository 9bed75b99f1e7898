/* backward.c -- backward pass, HW3.
 *
 * Element access through two macros; the GEMMs through CBLAS via GSL.
 * Shapes (N samples, D in, H hidden, C classes):
 *   dz2 N x C, dW2 H x C, db2 C, dp1 N x H, dz1 N x H, dW1 D x H, db1 H
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define M(A, i, j) (A)->data[(i) * (A)->tda + (j)]
#define V(v, i)    (v)->data[(i) * (v)->stride]

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      M (g->dz2, i, k) = (M (cache->prob, i, k) - (double) (k == y[i])) / N;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  for (size_t k = 0; k < C; k++)
    {
      V (g->db2, k) = 0.0;
      for (size_t i = 0; i < N; i++)
        V (g->db2, k) += M (g->dz2, i, k);
    }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* relu': 1 where the unit was active, 0 elsewhere */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      M (g->dz1, i, j) = M (g->dp1, i, j) * M (cache->z1, i, j) > 0 ? 1.0 : 0.0;

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  for (size_t j = 0; j < H; j++)
    {
      V (g->db1, j) = 0.0;
      for (size_t i = 0; i < N; i++)
        V (g->db1, j) += M (g->dz1, i, j);
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
