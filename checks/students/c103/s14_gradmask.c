/* backward.c -- two-layer net backward pass, written against the flat
 * arrays: every matrix here comes from gsl_matrix_alloc or is a view of
 * a contiguous block, so rows are size2 apart and I can loop over k. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C, i, k;
  double *d;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  if (cache->z1->tda != H || g->dz1->tda != H || g->dp1->tda != H)
    return 1;

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    g->dz2->data[i * g->dz2->tda + y[i]] -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg,
                  g->dW2);
  gsl_vector_set_zero (g->db2);
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      *gsl_vector_ptr (g->db2, k) += gsl_matrix_get (g->dz2, i, k);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* [z1 > 0], flat */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  d = g->dz1->data;
  for (k = 0; k < N * H; k++)
    d[k] = d[k] > 0.0 ? d[k] : 0.0;

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++)
    for (k = 0; k < H; k++)
      *gsl_vector_ptr (g->db1, k) += gsl_matrix_get (g->dz1, i, k);

  g->present = BP_GRADS_ALL;
  return 0;
}
