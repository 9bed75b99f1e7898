/* two_layer backward  --  Aisha Mensah, MA2 numerics, TP4
 *
 * relu'(z) = 0 for z < 0 and 1 for z > 0: the gradient is killed on the
 * units that are switched off.  Everything else is dgemm/dgemv. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t N = X->size1, H = net->H;
  gsl_vector *one = gsl_vector_alloc (N);
  gsl_vector_set_all (one, 1.0);

  /* dz2 = (prob - Y)/N */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (cache->prob, i, y[i]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / (double) N);

  /* dW2 = p1^T dz2 + 2 reg W2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
  for (size_t h = 0; h < H; h++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W2, h);
      gsl_vector_view d = gsl_matrix_row (g->dW2, h);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &d.vector);
    }

  /* db2 = dz2^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, one, 0.0, g->db2);

  /* dp1 = dz2 W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* dz1 = dp1, zeroed where the unit is off */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < N; i++)
    for (size_t h = 0; h < H; h++)
      if (gsl_matrix_get (cache->z1, i, h) > 0.0) gsl_matrix_set (g->dz1, i, h, 0.0);

  /* dW1 = X^T dz1 + 2 reg W1 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
  for (size_t d = 0; d < net->D; d++)
    {
      gsl_vector_const_view w = gsl_matrix_const_row (net->W1, d);
      gsl_vector_view dd = gsl_matrix_row (g->dW1, d);
      gsl_blas_daxpy (2.0 * reg, &w.vector, &dd.vector);
    }

  /* db1 = dz1^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, one, 0.0, g->db1);

  gsl_vector_free (one);
  g->present = BP_GRADS_ALL;
  return 0;
}
