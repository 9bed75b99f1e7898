/* backward.c
 * Backward pass: blas for the products, gsl_matrix_mul_elements for relu. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double
column_total (gsl_matrix *A, size_t j)
{
  gsl_vector_view c = gsl_matrix_column (A, j);
  double t = 0.0;
  size_t i;
  for (i = 0; i < c.vector.size; i++)
    t += gsl_vector_get (&c.vector, i);
  return t;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;
  size_t j;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* ---- dz2 ---- */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (j = 0; j < N; j++)
    gsl_matrix_set (g->dz2, j, y[j], gsl_matrix_get (g->dz2, j, y[j]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* ---- layer 2 ---- */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);
  for (j = 0; j < net->C; j++)
    gsl_vector_set (g->db2, j, column_total (g->dz2, j));

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0,
                  g->dp1);

  /* ---- relu ----
   * p1 is max(0, z1), so multiplying by it kills the negative part */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  gsl_matrix_mul_elements (g->dz1, cache->p1);

  /* ---- layer 1 ---- */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg,
                  g->dW1);
  for (j = 0; j < net->H; j++)
    gsl_vector_set (g->db1, j, column_total (g->dz1, j));

  g->present = BP_GRADS_ALL;
  return 0;
}
