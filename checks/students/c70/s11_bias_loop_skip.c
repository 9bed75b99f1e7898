/* Backward pass, L-layer style.
 * First loop: deltas, weight gradients, dp1.
 * Second loop: bias gradients (column sums of the deltas). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define NUM_LAYERS 2

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
  const gsl_matrix *W[NUM_LAYERS] = { net->W1, net->W2 };
  const gsl_matrix *A[NUM_LAYERS] = { X, cache->p1 };
  const gsl_matrix *Z[NUM_LAYERS] = { cache->z1, cache->z2 };
  gsl_matrix *dZ[NUM_LAYERS] = { g->dz1, g->dz2 };
  gsl_matrix *dW[NUM_LAYERS] = { g->dW1, g->dW2 };
  gsl_vector *db[NUM_LAYERS] = { g->db1, g->db2 };
  size_t N = X->size1, i, j;
  int l;

  /* start clean */
  for (l = 0; l < NUM_LAYERS; l++)
    {
      gsl_matrix_set_zero (dW[l]);
      gsl_vector_set_zero (db[l]);
    }

  gsl_matrix_memcpy (dZ[NUM_LAYERS - 1], cache->prob);
  for (i = 0; i < N; i++)
    gsl_matrix_set (dZ[NUM_LAYERS - 1], i, y[i],
                    gsl_matrix_get (dZ[NUM_LAYERS - 1], i, y[i]) - 1.0);
  gsl_matrix_scale (dZ[NUM_LAYERS - 1], 1.0 / (double) N);

  for (l = NUM_LAYERS - 1; l >= 0; l--)
    {
      gsl_matrix_const_view Wl = gsl_matrix_const_submatrix (W[l], 0, 0,
                                                             W[l]->size1, W[l]->size2);

      /* dW = A^T dZ + 2 reg W */
      gsl_matrix_memcpy (dW[l], &Wl.matrix);
      gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, A[l], dZ[l], 2.0 * reg, dW[l]);

      if (l == 0)
        continue;

      /* delta of the layer below */
      gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, dZ[l], &Wl.matrix, 0.0, g->dp1);
      gsl_matrix_memcpy (dZ[l - 1], g->dp1);
      for (i = 0; i < N; i++)
        for (j = 0; j < dZ[l - 1]->size2; j++)
          if (gsl_matrix_get (Z[l - 1], i, j) <= 0.0)
            gsl_matrix_set (dZ[l - 1], i, j, 0.0);
    }

  /* biases */
  for (l = NUM_LAYERS - 1; l > 0; l--)
    for (i = 0; i < N; i++)
      {
        gsl_vector_const_view r = gsl_matrix_const_row (dZ[l], i);
        gsl_vector_add (db[l], &r.vector);
      }

  g->present = BP_GRADS_ALL;
  return 0;
}
