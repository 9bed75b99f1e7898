/* Backward pass for an L-layer MLP (here L = 2).
 * Notation as in class:  dZ[l] -> dW[l], db[l] -> dA[l-1] -> dZ[l-1]. */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  enum { L = 2 };
  const gsl_matrix *W[L] = { net->W1, net->W2 };
  const gsl_matrix *A[L] = { X, cache->p1 };
  const gsl_matrix *Z[L] = { cache->z1, cache->z2 };
  gsl_matrix *dW[L] = { g->dW1, g->dW2 };
  gsl_vector *db[L] = { g->db1, g->db2 };
  gsl_matrix *dZ[L] = { g->dz1, g->dz2 };
  const size_t N = X->size1;
  size_t i, j;
  int l;

  /* dZ[L-1] = (P - Y) / N */
  for (i = 0; i < N; i++)
    for (j = 0; j < net->C; j++)
      gsl_matrix_set (dZ[L - 1], i, j,
                      (gsl_matrix_get (cache->prob, i, j) - (j == y[i])) / N);

  l = L - 1;
  while (l >= 0)
    {
      double *d;
      size_t tda;

      /* dW[l] = A[l]^T dZ[l] + 2 reg W[l] */
      gsl_matrix_memcpy (dW[l], W[l]);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2 * reg, dW[l]);

      /* db[l] = sum over rows of dZ[l] */
      gsl_vector_set_zero (db[l]);
      d = dZ[l]->data;
      tda = dZ[l]->tda;
      for (i = 0; i < N; i++)
        for (j = 0; j < dZ[l]->size2; j++)
          db[l]->data[j * db[l]->stride] += d[i * tda + j];

      if (l == 0)
        break;

      /* dA[l-1] = dZ[l] dW[l]^T, stored in dp1 for l == 1 */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], dW[l], 0.0, g->dp1);

      /* dZ[l-1] = dA[l-1] * relu'(Z[l-1]) */
      for (i = 0; i < N; i++)
        for (j = 0; j < dZ[l - 1]->size2; j++)
          gsl_matrix_set (dZ[l - 1], i, j, gsl_matrix_get (Z[l - 1], i, j) > 0
                          ? gsl_matrix_get (g->dp1, i, j) : 0.0);
      l--;
    }

  g->present = BP_GRADS_ALL;
  return 0;
}
