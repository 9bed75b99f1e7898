/* backward pass -- loop over the layers from the last to the first.
 * Every layer: dZ <- dZ * act'(Z), dW, db, then pass dA down. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define L 2

/* multiply dZ in place by the relu derivative [Z > 0] */
static void
relu_deriv (gsl_matrix *dZ, const gsl_matrix *Z)
{
  size_t i, j;
  for (i = 0; i < dZ->size1; i++)
    for (j = 0; j < dZ->size2; j++)
      if (!(gsl_matrix_get (Z, i, j) > 0))
        gsl_matrix_set (dZ, i, j, 0);
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *W[L] = {net->W1, net->W2};
  const gsl_matrix *A[L] = {X, cache->p1};
  const gsl_matrix *Z[L] = {cache->z1, cache->z2};
  gsl_matrix *dW[L] = {g->dW1, g->dW2};
  gsl_vector *db[L] = {g->db1, g->db2};
  gsl_matrix *dZ[L] = {g->dz1, g->dz2};
  size_t N = X->size1;
  size_t i, k;
  int l;

  /* softmax cross entropy */
  gsl_matrix_memcpy (g->dz2, cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1);
  gsl_matrix_scale (g->dz2, 1.0 / N);

  for (l = L - 1; l >= 0; l--) {
    relu_deriv (dZ[l], Z[l]);

    gsl_matrix_memcpy (dW[l], W[l]);
    gsl_matrix_scale (dW[l], 2 * reg);
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 1.0, dW[l]);

    for (k = 0; k < db[l]->size; k++) {
      gsl_vector_const_view col = gsl_matrix_const_column (dZ[l], k);
      double s = 0;
      for (i = 0; i < N; i++)
        s += gsl_vector_get (&col.vector, i);
      gsl_vector_set (db[l], k, s);
    }

    if (l > 0) {
      /* dA[l-1] = dZ[l] W[l]^T, kept in dZ[l-1] until its relu */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], W[l], 0.0, dZ[l - 1]);
      if (l == 1)
        gsl_matrix_memcpy (g->dp1, dZ[l - 1]);
    }
  }

  g->present = BP_GRADS_ALL;
  return 0;
}
