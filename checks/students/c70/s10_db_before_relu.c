/* backward.c
 * Layers counted 1..L (lecture convention); index 0 of the arrays is the
 * input.  For each layer, going down:
 *   db[l] = sum_n delta,  delta *= g'(Z[l]),  dW[l] = A[l-1]^T delta,
 *   delta_below = delta W[l]^T
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const int L = 2;
  const gsl_matrix *A[3] = { X, cache->p1, NULL };
  const gsl_matrix *Z[3] = { NULL, cache->z1, cache->z2 };
  const gsl_matrix *W[3] = { NULL, net->W1, net->W2 };
  gsl_matrix *dW[3] = { NULL, g->dW1, g->dW2 };
  gsl_vector *db[3] = { NULL, g->db1, g->db2 };
  gsl_matrix *delta[3] = { NULL, g->dz1, g->dz2 };
  size_t N = X->size1;
  size_t i, j;
  int l;

  /* delta[L] = (prob - Y)/N is already dZ, no activation derivative */
  gsl_matrix_memcpy (delta[L], cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (delta[L], i, y[i], gsl_matrix_get (delta[L], i, y[i]) - 1.0);
  gsl_matrix_scale (delta[L], 1.0 / N);

  for (l = L; l >= 1; l--)
    {
      gsl_matrix *d = delta[l];

      /* bias gradient */
      for (j = 0; j < d->size2; j++)
        {
          double s = 0.0;
          for (i = 0; i < N; i++)
            s += gsl_matrix_get (d, i, j);
          gsl_vector_set (db[l], j, s);
        }

      /* hidden layer: through the relu */
      if (l < L)
        for (i = 0; i < N; i++)
          for (j = 0; j < d->size2; j++)
            if (gsl_matrix_get (Z[l], i, j) <= 0.0)
              gsl_matrix_set (d, i, j, 0.0);

      /* weight gradient, L2 has no 1/2 so the factor is 2 */
      gsl_matrix_memcpy (dW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l - 1], d, 2.0 * reg, dW[l]);

      if (l > 1)
        {
          /* dA[l-1]: store as dp1, it becomes delta[l-1] after the relu */
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, d, W[l], 0.0, g->dp1);
          gsl_matrix_memcpy (delta[l - 1], g->dp1);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
