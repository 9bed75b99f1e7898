/* two layer net, backward
 *   G  = dL/dZ2 = (P - Y)/n
 *   Gh = dL/dA  = G W2'
 *   Gz = dL/dZ1 = Gh .* relu'(Z1)
 * mul_elements does the Hadamard product.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
  size_t n = X->size1, i;
  gsl_matrix *G = g->dz2, *Gh = g->dp1, *Gz = g->dz1;
  gsl_vector *e = gsl_vector_alloc (n);
  double r2 = 2 * reg;

  gsl_vector_set_all (e, 1);

  gsl_matrix_memcpy (G, cache->prob);
  for (i = 0; i < n; i++)
    {
      gsl_vector_view Gi = gsl_matrix_row (G, i);
      gsl_vector_set (&Gi.vector, y[i], gsl_vector_get (&Gi.vector, y[i]) - 1);
    }
  gsl_matrix_scale (G, 1.0 / n);

  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, cache->p1, G, r2, g->dW2);
  gsl_blas_dgemv (CblasTrans, 1, G, e, 0, g->db2);

  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1, G, net->W2, 0, Gh);

  gsl_matrix_memcpy (Gz, Gh);
  gsl_matrix_mul_elements (Gz, cache->p1);

  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1, X, Gz, r2, g->dW1);
  gsl_blas_dgemv (CblasTrans, 1, Gz, e, 0, g->db1);

  gsl_vector_free (e);
  g->present = BP_GRADS_ALL;
  return 0;
}
