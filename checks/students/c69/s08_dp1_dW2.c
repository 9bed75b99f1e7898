#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t i, j, N = X->size1;
  gsl_matrix *dz2 = g->dz2, *dz1 = g->dz1;
  gsl_vector_view col;

  if (N != cache->N) return 1;

  /* 1 */
  gsl_matrix_memcpy (dz2, cache->prob);
  for (i = 0; i < N; i++) *gsl_matrix_ptr (dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (dz2, 1.0 / N);
  /* 2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, dz2, 2 * reg, g->dW2);
  /* 3 */
  for (j = 0; j < g->C; j++) { col = gsl_matrix_column (dz2, j); gsl_vector_set (g->db2, j, 0); for (i = 0; i < N; i++) *gsl_vector_ptr (g->db2, j) += gsl_vector_get (&col.vector, i); }
  /* 4 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dz2, g->dW2, 0.0, g->dp1);
  /* 5 */
  gsl_matrix_memcpy (dz1, g->dp1);
  for (i = 0; i < N; i++) for (j = 0; j < g->H; j++) if (!(gsl_matrix_get (cache->z1, i, j) > 0)) gsl_matrix_set (dz1, i, j, 0);
  /* 6 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dz1, 2 * reg, g->dW1);
  /* 7 */
  for (j = 0; j < g->H; j++) { col = gsl_matrix_column (dz1, j); gsl_vector_set (g->db1, j, 0); for (i = 0; i < N; i++) *gsl_vector_ptr (g->db1, j) += gsl_vector_get (&col.vector, i); }

  g->present = BP_GRADS_ALL;
  return 0;
}
