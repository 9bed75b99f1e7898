/* Lab 3: backprop through a 2-layer net.  Hugo Ferreira-Lopes
 *
 * Shapes: dz2 (N,C), dW2 (H,C), db2 (C), dp1 (N,H), dz1 (N,H),
 * dW1 (D,H), db1 (H).  Bias gradients = dgemv with a vector of ones.
 * TODO: free ones also on the error path (there is none yet). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* dz2 */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t k = 0; k < N; k++)
    gsl_matrix_set (g->dz2, k, y[k], gsl_matrix_get (g->dz2, k, y[k]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  /* dW2, db2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 0.0, g->db2);

  /* dp1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  /* db1 (sum of the hidden gradient over the samples) */
  gsl_blas_dgemv (CblasTrans, 1.0, g->dp1, ones, 0.0, g->db1);

  /* dz1 = dp1 * relu'(z1) */
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t k = 0; k < N; k++)
    for (size_t j = 0; j < H; j++)
      if (gsl_matrix_get (cache->z1, k, j) <= 0.0)
        gsl_matrix_set (g->dz1, k, j, 0.0);

  /* dW1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
