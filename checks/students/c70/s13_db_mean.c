/* backward.c -- two-layer net, but written for any depth.
 * for l = L-1 .. 0:  dW[l], db[l] from dZ[l]; dZ[l-1] = (dZ[l] W[l]^T) * relu'(Z[l-1])
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define L 2

/* column means of M into v */
static void
col_mean (const gsl_matrix *M, gsl_vector *v)
{
  size_t i, j;
  for (j = 0; j < M->size2; j++)
    {
      double s = 0.0;
      for (i = 0; i < M->size1; i++)
        s += gsl_matrix_get (M, i, j);
      gsl_vector_set (v, j, s / M->size1);
    }
}

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
  int l;

  gsl_matrix_memcpy (dZ[L - 1], cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dZ[L - 1], i, y[i], gsl_matrix_get (dZ[L - 1], i, y[i]) - 1.0);
  gsl_matrix_scale (dZ[L - 1], 1.0 / N);

  for (l = L - 1; l >= 0; l--)
    {
      gsl_matrix_memcpy (dW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2.0 * reg, dW[l]);
      col_mean (dZ[l], db[l]);

      if (l > 0)
        {
          gsl_matrix *dA = g->dp1;      /* only one hidden layer, so dA is dp1 */
          gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, dA);
          for (i = 0; i < N; i++)
            for (j = 0; j < dA->size2; j++)
              gsl_matrix_set (dZ[l - 1], i, j,
                              gsl_matrix_get (Z[l - 1], i, j) > 0.0 ? gsl_matrix_get (dA, i, j) : 0.0);
        }
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
