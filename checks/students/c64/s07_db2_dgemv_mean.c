/* backward.c, resubmission.
   Speeding things up: replaced some loops by BLAS calls.  The old loops
   are still in for now, the BLAS versions come after and overwrite. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, C = net->C;
  size_t i, j, k;
  gsl_vector *one;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;
  one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  // dscores
  for (i = 0; i < N; i++)
    for (k = 0; k < C; k++)
      gsl_matrix_set (g->dz2, i, k,
                      (gsl_matrix_get (cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N);

  // dW2
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  // db2: old loop
  for (k = 0; k < C; k++) {
    double s = 0.0;
    for (i = 0; i < N; i++)
      s += gsl_matrix_get (g->dz2, i, k);
    gsl_vector_set (g->db2, k, s);
  }
  // db2: new, dz2^T * ones
  gsl_blas_dgemv (CblasTrans, 1.0 / N, g->dz2, one, 0.0, g->db2);

  // dhidden
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // relu
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++) {
      if (gsl_matrix_get (cache->z1, i, j) > 0)
        gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
      else
        gsl_matrix_set (g->dz1, i, j, 0.0);
    }

  // dW1
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1: new only
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
