#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  gsl_matrix *dz2 = g->dz2, *dp1 = g->dp1, *dz1 = g->dz1, *dW1 = g->dW1, *dW2 = g->dW2;
  gsl_vector *db1 = g->db1, *db2 = g->db2;
  size_t n = X->size1, i, j;

  gsl_matrix_memcpy (dz2, cache->prob);
  for (i = 0; i < n; i++) *gsl_matrix_ptr (dz2, i, y[i]) -= 1;
  gsl_matrix_scale (dz2, 1.0 / n);

  /* layer 2 */
  gsl_matrix_memcpy (dW2, net->W2); gsl_matrix_scale (dW2, 2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, dz2, 1, dW2);
  gsl_vector_set_zero (db2);
  for (i = 0; i < n; i++) { gsl_vector_view r = gsl_matrix_row (dz2, i); gsl_vector_add (db2, &r.vector); }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, dz2, net->W2, 0, dp1);
  gsl_matrix_memcpy (dz1, dp1);
  for (i = 0; i < n; i++) for (j = 0; j < dz1->size2; j++) if (gsl_matrix_get (cache->z1, i, j) <= 0) gsl_matrix_set (dz1, i, j, 0);

  /* layer 1 */
  gsl_matrix_memcpy (dW1, net->W1); gsl_matrix_scale (dW1, -2 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, dz1, 1, dW1);
  gsl_vector_set_zero (db1);
  for (i = 0; i < n; i++) { gsl_vector_view r = gsl_matrix_row (dz1, i); gsl_vector_add (db1, &r.vector); }

  g->present = BP_GRADS_ALL;
  return 0;
}
