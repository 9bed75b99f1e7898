/* backward.c -- two-layer net, backward pass.
 *
 * Short aliases for the cached tensors so the dgemm calls fit on a line.
 *   X (N,D) -> z1 (N,H) -> relu -> p1 (N,H) -> z2 (N,C) -> P (N,C)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *P = cache->prob;   /* (N,C) */
  const gsl_matrix *Z1 = cache->z1;    /* (N,H) */
  const gsl_matrix *W1 = net->W1, *W2 = net->W2;
  const size_t N = X->size1;
  gsl_vector *ones;
  size_t i, j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  ones = gsl_vector_alloc (N);
  if (ones == NULL)
    return 1;
  gsl_vector_set_all (ones, 1.0);

  /* dz2 = (P - onehot) / N   (N,C) */
  gsl_matrix_memcpy (g->dz2, P);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (P, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = hidden' dz2 + 2 reg W2   (H,N)(N,C) = (H,C) */
  gsl_matrix_memcpy (g->dW2, W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, Z1, g->dz2, 2.0 * reg, g->dW2);

  /* db2 = dz2' 1   (C) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 = dz2 W2'   (N,C)(C,H) = (N,H) */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, W2, 0.0, g->dp1);

  /* dz1 = dp1 where z1 > 0   (N,H) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (Z1, i, j) > 0.0
                      ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  /* dW1 = X' dz1 + 2 reg W1   (D,N)(N,H) = (D,H) */
  gsl_matrix_memcpy (g->dW1, W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  /* db1 = dz1' 1   (H) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
