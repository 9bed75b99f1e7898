/* Backward pass, twee lagen.
 * Formules (zie aantekeningen college 5):
 *   G   = (P - Y)/N
 *   dW2 = A1^T G + 2 reg W2        db2 = G^T 1
 *   Gh  = G W2^T                   dZ1 = Gh .* 1(Z1 > 0)
 *   dW1 = X^T dZ1 + 2 reg W1       db1 = dZ1^T 1
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  size_t N = X->size1, i, j;
  const gsl_matrix *P = cache->prob, *Z1 = cache->z1, *A1 = cache->p1;
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *dZ1 = g->dz1;
  gsl_vector *ones = gsl_vector_alloc (N);
  gsl_vector_set_all (ones, 1.0);

  /* G */
  gsl_matrix_memcpy (G, P);
  for (i = 0; i < N; i++)
    gsl_matrix_set (G, i, y[i], gsl_matrix_get (P, i, y[i]) - 1.0);
  gsl_matrix_scale (G, 1.0 / N);

  /* dW2, db2 */
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A1, G, 0.0, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1.0, G, ones, 0.0, g->db2);

  /* Gh, dZ1 */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);
  for (i = 0; i < N; i++)
    for (j = 0; j < net->H; j++)
      gsl_matrix_set (dZ1, i, j,
                      gsl_matrix_get (Z1, i, j) > 0 ? gsl_matrix_get (Gh, i, j) : 0);

  /* dW1, db1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, dZ1, 2.0 * reg, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1.0, dZ1, ones, 0.0, g->db1);

  gsl_vector_free (ones);
  g->present = BP_GRADS_ALL;
  return 0;
}
