/* Backward pass with level-3 BLAS: one dgemm per product.  The weight
 * gradients start from the penalty and the data term is added with
 * beta = 1. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void
colsum (const gsl_matrix *m, gsl_vector *out)
{
  size_t i, j;
  gsl_vector_set_zero (out);
  for (i = 0; i < m->size1; i++)
    for (j = 0; j < m->size2; j++)
      *gsl_vector_ptr (out, j) += gsl_matrix_get (m, i, j);
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1;
  size_t i, j;

  /* dz2 = (P - Y) / N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2 = p1' dz2 / N + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0 / N, cache->p1, g->dz2, 1.0, g->dW2);
  colsum (g->dz2, g->db2);

  /* dp1 = dz2 W2' */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1 .* (z1 > 0) */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (g->dz1, i, j,
                      gsl_matrix_get (cache->z1, i, j) > 0 ? gsl_matrix_get (g->dp1, i, j) : 0);

  /* dW1 = X' dz1 + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  colsum (g->dz1, g->db1);

  g->present = BP_GRADS_ALL;
  return 0;
}
