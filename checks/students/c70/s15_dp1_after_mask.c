/* Backprop through L layers (L = 2 here).
 *
 * Going down, the gradient that arrives at layer l-1 (dA) is written
 * straight into dZ[l-1] and the ReLU derivative is applied in place.
 * dp1 is the dA of the hidden layer. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define L 2

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *W[L] = { net->W1, net->W2 };
  const gsl_matrix *A[L] = { X, cache->p1 };
  const gsl_matrix *Z[L] = { cache->z1, cache->z2 };
  gsl_matrix *dW[L] = { g->dW1, g->dW2 };
  gsl_vector *db[L] = { g->db1, g->db2 };
  gsl_matrix *dZ[L] = { g->dz1, g->dz2 };
  size_t N = X->size1, i, j;
  int l = L;

  gsl_matrix_memcpy (dZ[L - 1], cache->prob);
  for (i = 0; i < N; i++)
    (*gsl_matrix_ptr (dZ[L - 1], i, y[i])) -= 1.0;
  gsl_matrix_scale (dZ[L - 1], 1.0 / N);

  while (l-- > 0)
    {
      gsl_matrix_memcpy (dW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2.0 * reg, dW[l]);

      for (j = 0; j < db[l]->size; j++)
        {
          gsl_vector_const_view c = gsl_matrix_const_column (dZ[l], j);
          double s = 0.0;
          for (i = 0; i < c.vector.size; i++)
            s += gsl_vector_get (&c.vector, i);
          gsl_vector_set (db[l], j, s);
        }

      if (l > 0)
        {
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, dZ[l - 1]);
          for (i = 0; i < N; i++)
            for (j = 0; j < dZ[l - 1]->size2; j++)
              if (gsl_matrix_get (Z[l - 1], i, j) <= 0.0)
                gsl_matrix_set (dZ[l - 1], i, j, 0.0);
          if (l == 1)
            gsl_matrix_memcpy (g->dp1, dZ[l - 1]);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
