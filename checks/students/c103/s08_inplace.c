/* backward.c -- backward pass, two-layer net.  No temporaries: every
 * step writes straight into g, and the relu is applied in place. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define M(A, i, j) ((A)->data[(i) * (A)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      M (g->dz2, i, j) = (M (cache->prob, i, j) - (j == y[i] ? 1.0 : 0.0)) / N;

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);

  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (j = 0; j < C; j++)
      g->db2->data[j * g->db2->stride] += M (g->dz2, i, j);

  /* dp1 = dz2 W2', then kill the dead units: dz1 = dp1 .* [z1 > 0] */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      if (M (cache->z1, i, j) <= 0.0)
        M (g->dp1, i, j) = 0.0;
  gsl_matrix_memcpy (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      g->db1->data[j * g->db1->stride] += M (g->dz1, i, j);

  g->present = BP_GRADS_ALL;
  return 0;
}
