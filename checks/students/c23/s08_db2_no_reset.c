/* HW3 backward -- Sam Whitfield */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define P(i,j) gsl_matrix_get(cache->prob, i, j)

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;

  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (g->dz2, i, j, (P(i, j) - (y[i] == j)) / (double) N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);

  /* db2: add up the rows of dz2 */
  for (i = 0; i < N; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row (g->dz2, i);
    gsl_vector_add (g->db2, &r.vector);
  }

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0.0);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_set_zero (g->db1);
  for (i = 0; i < N; i++) {
    gsl_vector_const_view r = gsl_matrix_const_row (g->dz1, i);
    gsl_vector_add (g->db1, &r.vector);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
