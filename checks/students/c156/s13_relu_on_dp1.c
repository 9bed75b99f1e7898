/* backward.c -- backprop homework
 *
 * relu backward done in place on dz1 (copy of dp1), like the numpy
 * version: dhidden[dhidden < 0] = 0
 */
#include <string.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, k;
  double *dh;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dscores */
  gsl_matrix_memcpy(g->dz2, cache->prob);
  for (k = 0; k < N; k++)
    g->dz2->data[k * C + y[k]] -= 1;
  gsl_matrix_scale(g->dz2, 1.0 / N);

  /* W2 */
  gsl_matrix_memcpy(g->dW2, net->W2);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, cache->p1, g->dz2, 2 * reg, g->dW2);

  /* b2 */
  gsl_vector_set_zero(g->db2);
  for (k = 0; k < N * C; k++)
    g->db2->data[k % C] += g->dz2->data[k];

  /* dhidden */
  gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, g->dz2, net->W2, 0, g->dp1);

  /* relu */
  dh = g->dz1->data;
  memcpy(dh, g->dp1->data, N * H * sizeof *dh);
  for (k = 0; k < N * H; k++)
    if (dh[k] < 0)
      dh[k] = 0;

  /* W1 */
  gsl_matrix_memcpy(g->dW1, net->W1);
  gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1, X, g->dz1, 2 * reg, g->dW1);

  /* b1 */
  gsl_vector_set_zero(g->db1);
  for (k = 0; k < N * H; k++)
    g->db1->data[k % H] += dh[k];

  g->present = BP_GRADS_ALL;
  return 0;
}
