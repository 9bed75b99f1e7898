// backward pass, BLAS version
// straight into g, no temporaries (the TA said the allocs were slow)

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const size_t n = X->size1;

  if (n != cache->N || X->size2 != net->D || g->N != n)
    return 1;

  // dz2: softmax minus one-hot, averaged
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (size_t i = 0; i < n; i++)
    {
      double *p = gsl_matrix_ptr (g->dz2, i, y[i]);
      *p -= 1.0;
    }
  gsl_matrix_scale (g->dz2, 1.0 / (double) n);

  // dW2 = p1' dz2 + 2 reg W2  (beta carries the reg term)
  gsl_matrix_memcpy (g->dW2, net->W2);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                  2.0 * reg, g->dW2);

  // db2 = ones' dz2
  gsl_vector_set_zero (g->db2);
  for (size_t i = 0; i < n; i++)
    {
      gsl_vector_const_view row = gsl_matrix_const_row (g->dz2, i);
      gsl_blas_daxpy (1.0, &row.vector, g->db2);
    }

  // dp1 = dz2 W2'
  gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

  // dz1: copy dp1, then kill the entries where the unit was off
  gsl_matrix_memcpy (g->dz1, g->dp1);
  for (size_t i = 0; i < n; i++)
    for (size_t j = 0; j < net->H; j++)
      if (gsl_matrix_get (cache->z1, i, j) <= 0.0)
        gsl_matrix_set (g->dz1, i, j, 0.0);

  // dW1 = X' dz1 + 2 reg W1
  gsl_matrix_memcpy (g->dW1, net->W1);
  gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

  // db1 = ones' dz1, as a gemv this time
  {
    gsl_vector *ones = gsl_vector_alloc (n);
    gsl_vector_set_all (ones, 1.0);
    gsl_blas_dgemv (CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free (ones);
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
