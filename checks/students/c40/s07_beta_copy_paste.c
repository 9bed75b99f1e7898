/* backward.c  (A. student, NM-II, HW5)
 *
 *   dz2 = (P - Y)/N
 *   dW2 = p1' dz2 + 2 reg W2     <- start dW2 at 2 reg W2, then dgemm with beta = 1
 *   db2 = dz2' 1
 *   dp1 = dz2 W2'
 *   dz1 = dp1 .* H(z1)           (H = Heaviside, H(0) = 0)
 *   dW1 = X' dz1 + 2 reg W1
 *   db1 = dz1' 1
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static inline double heaviside (double x) { return x > 0.0 ? 1.0 : 0.0; }

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, H = net->H, n, j;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (n = 0; n < N; n++)
    gsl_matrix_set (g->dz2, n, y[n], gsl_matrix_get (g->dz2, n, y[n]) - 1.0);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_matrix_scale (g->dW2, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz2, ones, 1.0, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);
  for (n = 0; n < N; n++)
    for (j = 0; j < H; j++)
      gsl_matrix_set (g->dz1, n, j,
                      gsl_matrix_get (g->dp1, n, j)
                      * heaviside (gsl_matrix_get (cache->z1, n, j)));

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_matrix_scale (g->dW1, 2.0 * reg);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
