/* backward pass  (groep 7)
 * relu: A1 = max(0, Z1), dus de afgeleide laat alleen positieve waarden door */
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
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
  gsl_vector *een = gsl_vector_alloc (N);

  gsl_vector_set_all (een, 1.0);

  /* G = (P - Y)/N */
  gsl_matrix_memcpy (G, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (G, i, y[i], gsl_matrix_get (G, i, y[i]) - 1.0);
  gsl_matrix_scale (G, 1.0 / N);

  /* dW2 = A1^T G + 2 reg W2 */
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, G, 2 * reg, g->dW2);
  /* db2 = G^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, G, een, 0.0, g->db2);

  /* Gh = G W2^T */
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, G, net->W2, 0.0, Gh);

  /* Gz = Gh .* relu'(.) : negatieve waarden worden 0 */
  gsl_matrix_memcpy (Gz, Gh);
  for (i = 0; i < Gz->size1; i++)
    for (j = 0; j < Gz->size2; j++)
      if (gsl_matrix_get (Gh, i, j) < 0)
        gsl_matrix_set (Gz, i, j, 0.0);

  /* dW1 = X^T Gz + 2 reg W1 */
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, Gz, 2 * reg, g->dW1);
  /* db1 = Gz^T 1 */
  gsl_blas_dgemv (CblasTrans, 1.0, Gz, een, 0.0, g->db1);

  gsl_vector_free (een);
  g->present = BP_GRADS_ALL;
  return 0;
}
