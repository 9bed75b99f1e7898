/* backward.c  (Thabo Mbeki, group B)
 *
 * Uses gsl_blas_dgemm for all the matrix products.
 * dgemm computes C = alpha*op(A)*op(B) + beta*C.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1;

  if (N != cache->N || X->size2 != net->D || g->N != N)
    return 1;

  /* dL/dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    *gsl_matrix_ptr (g->dz2, i, y[i]) -= 1.0;
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dL/dW2 : data term, then weight decay */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_matrix *tmp = gsl_matrix_alloc (net->H, net->C);
  gsl_matrix_memcpy (tmp, net->W2);
  gsl_matrix_scale (tmp, 2.0 * reg);
  gsl_matrix_add (g->dW2, tmp);
  gsl_matrix_free (tmp);

  /* dL/db2 = 1^T dz2 */
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dL/dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dL/dz1 : relu gate */
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < net->H; j++)
      {
        double gate = gsl_matrix_get (cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
        gsl_matrix_set (g->dz1, i, j, gate * gsl_matrix_get (g->dp1, i, j));
      }

  /* dL/dW1 : weight decay first this time, then add the data term */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

  /* dL/db1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
  gsl_vector_free (ones);

  g->present = BP_GRADS_ALL;
  return 0;
}
