/* ===== backward.c =====
 * Ana Lucia Ferreira -- Deep Learning, homework 1, part C
 *
 * I compute everything with GSL whole-matrix ops.
 * Notes to self:  gsl_matrix_mul_elements(a, b) does a <- a .* b
 *                 gsl_matrix_sub(a, b)          does a <- a - b
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = cache->N, H = cache->H, C = cache->C;
  gsl_matrix *Yhot = gsl_matrix_calloc (N, C);
  gsl_matrix *gate = gsl_matrix_alloc (N, H);
  gsl_vector *one = gsl_vector_alloc (N);
  size_t i, j;

  gsl_vector_set_all (one, 1.0);
  for (i = 0; i < N; i++)
    gsl_matrix_set (Yhot, i, y[i], 1.0);
  for (i = 0; i < N; i++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (gate, i, j, gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0);

  /* output layer */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  gsl_matrix_sub (g->dz2, Yhot);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* hidden layer */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  gsl_matrix_mul_elements (g->dp1, gate);
  gsl_matrix_memcpy (g->dz1, g->dp1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_matrix_free (Yhot);
  gsl_matrix_free (gate);
  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
